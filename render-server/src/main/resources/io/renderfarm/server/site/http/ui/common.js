'use strict';
// Shared by every page: API calls with problem messages, safe DOM building (no innerHTML), the token login.
const RF = {
  async api(path, options) {
    const res = await fetch(path, Object.assign({ credentials: 'same-origin', headers: { Accept: 'application/json' } }, options));
    if (res.status === 401) {
      RF.showLogin();
      throw new Error('this site needs its token');
    }
    if (!res.ok) {
      let detail = res.status + ' ' + res.statusText;
      try { detail = (await res.json()).detail || detail; } catch (ignored) { /* not JSON */ }
      throw new Error(detail);
    }
    return res.status === 204 ? null : res.json();
  },

  post(path, body) {
    return RF.api(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body || {}),
    });
  },

  el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  },

  state(value) {
    return RF.el('span', { class: 'state ' + value, text: value });
  },

  bar(fraction) {
    const fill = RF.el('div');
    fill.style.width = Math.round(Math.max(0, Math.min(1, fraction)) * 100) + '%';
    return RF.el('div', { class: 'bar' }, fill);
  },

  error(message) {
    const box = document.getElementById('error');
    if (box) box.textContent = message || '';
  },

  showLogin() {
    const form = document.getElementById('login');
    if (form) form.hidden = false;
  },

  time(iso) {
    return iso ? new Date(iso).toLocaleString() : '';
  },
};

document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('login');
  if (!form) return;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await RF.post('/api/session', { token: form.elements.token.value });
      window.location.reload();
    } catch (e) {
      RF.error(e.message);
    }
  });
});

'use strict';
// The job page's chunk table and log viewer: every attempt of the job (GET /api/jobs/{id}/chunks) with where, when
// and how it ran, and the log of the one picked (GET …/chunks/{n}/log), refreshed while that chunk still runs.
const RFChunks = (() => {
  let jobId = '';
  let shown = null; // the chunk whose log is open
  let pending = null;
  let follow = null;

  function $(id) { return document.getElementById(id); }

  function seconds(from, to) {
    if (!from) return '';
    const end = to ? new Date(to) : new Date();
    return Math.max(0, Math.round((end - new Date(from)) / 100) / 10).toFixed(1) + ' s';
  }

  function row(c) {
    const button = RF.el('button', { type: 'button', class: 'log-button', 'data-chunk': String(c.chunk), text: 'Log' });
    button.addEventListener('click', () => open(c.chunk, c.log));
    const why = c.reason ? (c.kind ? c.kind + ': ' : '') + c.reason : '';
    return RF.el('tr', { 'data-chunk': String(c.chunk), class: c.state },
      RF.el('td', { text: String(c.chunk) }), RF.el('td', { text: String(c.attempt) }), RF.el('td', { text: c.pass }),
      RF.el('td', { text: c.frames }), RF.el('td', { text: c.slot + (c.host ? ' (' + c.host + ')' : '') }),
      RF.el('td', {}, RF.state(c.state)), RF.el('td', { text: c.exitCode === undefined ? '' : String(c.exitCode) }),
      RF.el('td', { text: RF.time(c.startedAt) }), RF.el('td', { text: seconds(c.startedAt, c.finishedAt) }),
      RF.el('td', { class: 'why', text: why }), RF.el('td', {}, button));
  }

  async function refresh() {
    pending = null;
    try {
      const { chunks } = await RF.api('/api/jobs/' + jobId + '/chunks');
      $('chunks').querySelector('tbody').replaceChildren(...chunks.map(row));
      $('no-chunks').hidden = chunks.length > 0;
      const open = chunks.find((c) => c.chunk === shown);
      if (open && open.state !== 'running' && follow) { clearInterval(follow); follow = null; load(open.log); }
    } catch (e) {
      RF.error(e.message);
    }
  }

  async function load(url) {
    const res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/plain' } });
    const text = res.ok ? await res.text() : 'No log: ' + res.status + ' ' + (await res.text());
    const box = $('chunk-log');
    const atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
    box.textContent = text;
    if (atEnd) box.scrollTop = box.scrollHeight;
    return res.headers.get('Renderfarm-Chunk-State') === 'running';
  }

  async function open(chunk, url) {
    shown = chunk;
    if (follow) { clearInterval(follow); follow = null; }
    $('chunk-log-box').hidden = false;
    $('chunk-log-title').textContent = 'Log of chunk ' + chunk;
    $('chunk-log').textContent = '…';
    try {
      if (await load(url)) follow = setInterval(() => load(url).catch(() => {}), 2000);
    } catch (e) {
      RF.error(e.message);
    }
  }

  return {
    init(id) { jobId = id; refresh(); },
    // Events come in bursts; one listing per burst is enough.
    changed() { if (!pending) pending = setTimeout(refresh, 500); },
  };
})();

'use strict';
// One job, live: the page follows the job's Server-Sent Events (replayed from the first, then live), so frame
// states, samples, thumbnails and the contact sheet update without a reload.
const jobId = new URLSearchParams(window.location.search).get('id') || '';
const frameCells = new Map();
const EVENT_TYPES = ['job-started', 'decision', 'chunk-started', 'progress', 'chunk-failed', 'chunk-finished',
  'chunk-log', 'slot-blocklisted', 'sample', 'frame-done', 'awaiting-approval', 'canceled', 'job-finished', 'job-stalled'];
let total = 0;
let done = 0;
let eta = null;
let source = null;
let ended = false;
let jobState = '';

function $(id) { return document.getElementById(id); }

function isFinal(state) { return ['SUCCEEDED', 'FAILED', 'CANCELED'].includes(state); }

function setState(state, reason) {
  // Answers and events race: once the job is final, a late "running" view (the cancel answer) must not undo it.
  if (ended && !isFinal(state)) return;
  ended = isFinal(state);
  jobState = state;
  const badge = $('state');
  badge.textContent = state;
  badge.className = 'state ' + state;
  $('reason').textContent = reason || '';
  // STOPPED: the site could not record the job (its data folder is full); only its restart resumes it
  $('cancel').disabled = isFinal(state) || state === 'CANCELING' || state === 'STOPPED';
  $('set-priority').disabled = isFinal(state);
  if (state !== 'AWAITING_APPROVAL') $('approve').hidden = true;
}

function duration(seconds) {
  if (seconds < 60) return seconds + ' s';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return minutes + ' min ' + (seconds % 60) + ' s';
  return Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
}

function setProgress(doneFrames, fraction) {
  done = doneFrames;
  const part = total ? Math.min(1, (done + (fraction || 0)) / total) : 0;
  $('progress').firstElementChild.style.width = Math.round(part * 100) + '%';
  // the ETA comes from measured frame times: absent until a whole frame was rendered
  $('progress-text').textContent = done + ' of ' + total + ' frames'
    + (eta !== null && !ended && done < total ? ' · about ' + duration(eta) + ' left' : '');
}

function siteUrl(path, version) {
  // Only the site's own API paths become image sources.
  return typeof path === 'string' && path.startsWith('/api/jobs/') ? path + '?v=' + encodeURIComponent(version) : null;
}

// A canceled job's frames that never rendered are not waiting for anything: say so rather than "pending".
function frameState(state) {
  return jobState === 'CANCELED' && (state === 'pending' || state === 'rendering') ? 'canceled' : state;
}

function frameLabel(state) { return state === 'canceled' ? 'not rendered: canceled' : state; }

function buildFrames(frames) {
  const grid = $('frames');
  grid.replaceChildren();
  frameCells.clear();
  for (const f of frames) {
    const state = frameState(f.state);
    const img = RF.el('img', { alt: 'frame ' + f.frame, hidden: '' });
    const label = RF.el('span', { class: 'state ' + state, text: frameLabel(state) });
    const cell = RF.el('div', { class: 'frame ' + state, id: 'frame-' + f.frame },
      img, RF.el('div', {}, RF.el('strong', { text: String(f.frame) }), ' ', label));
    frameCells.set(f.frame, { cell, img, label });
    grid.append(cell);
  }
}

function setFrame(frame, state) {
  const entry = frameCells.get(frame);
  if (!entry || entry.cell.classList.contains('done')) return;
  entry.cell.className = 'frame ' + state;
  entry.label.className = 'state ' + state;
  entry.label.textContent = state;
}

function framesOf(spec) {
  const out = [];
  for (const part of String(spec || '').split(',')) {
    const m = /^(-?\d+)(?:-(-?\d+)(?:x(\d+))?)?$/.exec(part.trim());
    if (!m) continue;
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    const step = m[3] === undefined ? 1 : Number(m[3]);
    for (let f = first; f <= last && out.length < 100000; f += step) out.push(f);
  }
  return out;
}

function showSample(data, version) {
  const url = siteUrl(data.path, version);
  if (!url) return;
  if (data.kind === 'thumbnail') {
    const entry = frameCells.get(data.frame);
    if (entry) { entry.img.src = url; entry.img.hidden = false; }
    return;
  }
  if (data.kind === 'contact-sheet') {
    $('contact-sheet').src = url;
    $('contact-sheet').hidden = false;
    $('no-sheet').hidden = true;
    return;
  }
  if (data.kind === 'movie') {
    // a refreshed movie replaces the one playing; the site serves it like any sample
    $('movie').src = url;
    $('movie').hidden = false;
    $('no-movie').hidden = true;
    return;
  }
  $('no-samples').hidden = true;
  const id = 'sample-' + data.name;
  let figure = document.getElementById(id);
  if (!figure) {
    figure = RF.el('figure', { id }, RF.el('img', { class: 'sample', alt: data.kind + ' of frame ' + data.frame }),
      RF.el('figcaption', { text: data.kind + ' · frame ' + data.frame }));
    $('samples').append(figure);
  }
  figure.querySelector('img').src = url;
}

// The decision was taken once, when the job arrived; its reason describes the site then, not now.
function decisionText(d) {
  return d.where + (d.site ? ' on ' + d.site : '') + ', decided when the job arrived: ' + d.reason;
}

function showWhere(job) {
  const d = job.decision;
  $('decision').textContent = d ? decisionText(d) : job.where;
  const r = job.remote;
  document.querySelectorAll('.remote').forEach((e) => { e.hidden = !r; });
  if (r) {
    $('remote').textContent = (r.job ? r.job : 'files being sent') + ' on ' + r.site
      + (r.notifiedAt ? ' · completion notice received ' + RF.time(r.notifiedAt) : '');
  }
}

async function refreshWhere() {
  try { showWhere(await RF.api('/api/jobs/' + jobId)); } catch (ignored) { /* the page shows the last known */ }
}

function log(type, data) {
  const skip = ['type', 't', 'job'];
  const fields = Object.entries(data).filter(([k]) => !skip.includes(k)).map(([k, v]) => k + '=' + v).join(' ');
  const list = $('log');
  list.append(RF.el('li', { text: data.t.toFixed(1) + 's ' + type + ' ' + fields }));
  while (list.children.length > 300) list.firstElementChild.remove();
  list.scrollTop = list.scrollHeight;
}

function onEvent(type, message) {
  const data = JSON.parse(message.data);
  if (type !== 'progress') log(type, data);
  if (type.startsWith('chunk-') || type === 'job-finished') RFChunks.changed();
  switch (type) {
    case 'job-started': total = data.total; setState('RUNNING'); setProgress(done, 0); break;
    case 'decision':
      $('decision').textContent = decisionText(data);
      if (data.where === 'remote') setTimeout(refreshWhere, 2000); // the remote job id, once the files are there
      break;
    case 'chunk-started': if (data.pass === 'final') framesOf(data.frames).forEach((f) => setFrame(f, 'rendering')); break;
    case 'progress':
      eta = typeof data.eta === 'number' ? data.eta : eta;
      setProgress(data.done, data.fraction);
      break;
    case 'frame-done': setFrame(data.frame, 'done'); setProgress(data.done, 0); break;
    case 'chunk-failed': if (!data.willRetry) framesOf(data.frames).forEach((f) => setFrame(f, 'failed')); break;
    case 'sample': showSample(data, message.lastEventId || data.t); break;
    case 'awaiting-approval': setState('AWAITING_APPROVAL'); $('approve').hidden = false; break;
    case 'canceled': setState('CANCELING', data.reason); break;
    case 'job-stalled': setState('STOPPED', data.reason); break;
    case 'job-finished':
      setState(data.state, data.reason);
      setProgress(data.done, 0);
      if (source) source.close();
      loadFrames();
      // a delegated job's completion notice may arrive just after its last event
      setTimeout(refreshWhere, 1500);
      break;
    default: break;
  }
}

async function loadFrames() {
  const { frames } = await RF.api('/api/jobs/' + jobId + '/frames');
  const thumbs = new Map([...frameCells].map(([f, e]) => [f, e.img.src]));
  buildFrames(frames);
  for (const [f, src] of thumbs) {
    const entry = frameCells.get(f);
    if (entry && src) { entry.img.src = src; entry.img.hidden = false; }
  }
}

async function load() {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(jobId)) {
    RF.error('No such job: the page needs ?id=<job id>.');
    return;
  }
  try {
    const job = await RF.api('/api/jobs/' + jobId);
    document.title = job.name + ' — renderfarm';
    $('job-name').textContent = job.name;
    $('job-id').textContent = job.id + (job.runs > 1 ? ' (resumed, run ' + job.runs + ')' : '');
    $('scene').textContent = job.scene + ' · frames ' + job.frames + ' · ' + job.renderer;
    showWhere(job);
    $('priority').value = job.priority === undefined ? 50 : job.priority;
    $('download').href = job.links.zip;
    total = job.total;
    setState(job.problem ? 'STOPPED' : job.state, job.problem || job.reason);
    setProgress(job.done, 0);
    await loadFrames();
    RFChunks.init(jobId);
    source = new EventSource('/api/jobs/' + jobId + '/events');
    for (const type of EVENT_TYPES) source.addEventListener(type, (m) => onEvent(type, m));
    // A refused stream (the site serves as many as it takes, or the login expired) is not retried by the browser.
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) RF.error('live updates stopped; reload the page to resume them');
    });
  } catch (e) {
    RF.error(e.message);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('cancel').addEventListener('click', async () => {
    if (!window.confirm('Cancel this job? Frames already rendered are kept; the others are not rendered.')) return;
    $('cancel').disabled = true;
    try {
      const job = await RF.post('/api/jobs/' + jobId + '/cancel', { reason: 'canceled from the web UI' });
      setState(isFinal(job.state) ? job.state : 'CANCELING', job.reason);
    } catch (e) {
      RF.error(e.message);
      $('cancel').disabled = false;
    }
  });
  $('set-priority').addEventListener('click', async () => {
    try {
      const job = await RF.post('/api/jobs/' + jobId + '/priority', { priority: Number($('priority').value) });
      $('priority').value = job.priority;
      $('priority-note').textContent = 'priority ' + job.priority + ' counts from the next chunk';
    } catch (e) {
      RF.error(e.message);
    }
  });
  $('approve').addEventListener('click', async () => {
    try { await RF.post('/api/jobs/' + jobId + '/approve', {}); setState('RUNNING'); } catch (e) { RF.error(e.message); }
  });
  load();
});

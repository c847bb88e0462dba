'use strict';
// The resource database: slots with what they render now, renderers, hardware, job counts and storage.
function fact(list, name, value) {
  list.append(RF.el('dt', { text: name }), RF.el('dd', { text: String(value) }));
}

function mib(bytes) {
  return (bytes / 1048576).toFixed(1) + ' MiB';
}

async function refreshSite() {
  try {
    const site = await RF.api('/api/site');
    document.getElementById('site-name').textContent = site.name;
    const facts = document.getElementById('facts');
    facts.replaceChildren();
    fact(facts, 'Host', site.host);
    fact(facts, 'Version', site.version + ' (protocol ' + site.protocol + ')');
    fact(facts, 'Cores', site.capabilities.cores);
    fact(facts, 'Memory', site.capabilities.ramMb + ' MiB');
    fact(facts, 'GPU', site.capabilities.gpu ? 'yes' : 'no');
    fact(facts, 'Jobs', Object.entries(site.jobs).filter(([, n]) => n > 0).map(([s, n]) => n + ' ' + s.toLowerCase()).join(', ') || 'none');
    fact(facts, 'Files', site.storage.blobs + ' (' + mib(site.storage.blobBytes) + '), largest accepted ' + mib(site.storage.maxFileBytes));
    fact(facts, 'Unfinished uploads', site.storage.partialUploads + ' (' + mib(site.storage.partialBytes) + ' of '
      + mib(site.storage.maxPartialBytes) + ')');
    fact(facts, 'Remote sites', site.remoteSites.length ? site.remoteSites.join(', ') : 'none');
    document.getElementById('slots').replaceChildren(...site.slots.map((slot) => RF.el('tr', { 'data-slot': slot.id },
      RF.el('td', { text: slot.id }),
      RF.el('td', { text: slot.host }),
      RF.el('td', {}, RF.state(slot.status)),
      RF.el('td', {}, slot.job ? RF.el('a', { href: '/job.html?id=' + encodeURIComponent(slot.job), text: slot.job }) : ''),
      RF.el('td', { text: slot.chunk === undefined ? '' : String(slot.chunk) }),
      RF.el('td', { text: slot.frames || '' }))));
    const renderers = Object.entries(site.capabilities.renderers);
    document.getElementById('renderers').replaceChildren(...(renderers.length
      ? renderers.map(([name, version]) => RF.el('tr', {}, RF.el('td', { text: name }), RF.el('td', { text: version })))
      : [RF.el('tr', {}, RF.el('td', { colspan: '2', class: 'muted', text: 'No renderer found: install blender or povray.' }))]));
    document.getElementById('labels').textContent = site.labels.join(' ');
    RF.error('');
  } catch (e) {
    RF.error(e.message);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  refreshSite();
  setInterval(refreshSite, 2000);
});

'use strict';
// The job list: polled every two seconds (cheap, and it needs no event stream per job).
async function refreshJobs() {
  try {
    const { jobs } = await RF.api('/api/jobs');
    const body = document.getElementById('jobs');
    body.replaceChildren(...jobs.map((job) => RF.el('tr', { 'data-job': job.id },
      RF.el('td', {}, RF.el('a', { href: '/job.html?id=' + encodeURIComponent(job.id), text: job.id })),
      RF.el('td', { text: job.name }),
      RF.el('td', { title: job.problem || '' }, RF.state(job.problem ? 'STOPPED' : job.state)),
      RF.el('td', {}, RF.bar(job.total ? job.done / job.total : 0)),
      RF.el('td', { text: job.done + ' / ' + job.total + ' (' + job.frames + ')' }),
      RF.el('td', { text: job.decision ? job.decision.where + (job.decision.site ? ' (' + job.decision.site.replace(/^https?:\/\//, '') + ')' : '') : job.where,
        title: job.decision ? job.decision.reason : '' }),
      RF.el('td', { class: 'muted', text: RF.time(job.createdAt) }))));
    document.getElementById('no-jobs').hidden = jobs.length > 0;
    RF.error('');
  } catch (e) {
    RF.error(e.message);
  }
}

async function siteName() {
  try {
    const site = await RF.api('/api/site');
    document.getElementById('site-name').textContent = site.name;
  } catch (ignored) { /* shown by refreshJobs */ }
}

document.addEventListener('DOMContentLoaded', () => {
  siteName();
  refreshJobs();
  setInterval(refreshJobs, 2000);
});

/**
 * The standalone site's jobs: intake and validation of submissions, their workspaces, running them on the site's slots or delegating them, events to the database and live streams, notices.
 */
package io.renderfarm.server.site.jobs;

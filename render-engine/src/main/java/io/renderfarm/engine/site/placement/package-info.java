/**
 * Where a job renders: this site's availability, a remote site's offer for the job, and {@code SitePlacement}, the one rule both hosts apply (local, remote, or auto by the expected wait).
 */
package io.renderfarm.engine.site.placement;

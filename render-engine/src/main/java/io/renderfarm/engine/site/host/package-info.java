/**
 * What every host serving the site protocol does identically, bound by the standalone site (Javalin) and the
 * Jenkins plugin (Stapler): the checks of a submitted job, a job's numbered event log.
 */
package io.renderfarm.engine.site.host;

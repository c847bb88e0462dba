/**
 * The standalone site: its configuration, limits, data folder and server lifecycle; sub-packages hold HTTP, authentication, the database and jobs.
 */
package io.renderfarm.server.site;

/**
 * Who may use the standalone site: the token guard, UI sessions, login throttling, the site's secret, and the few bodies read before authentication.
 */
package io.renderfarm.server.site.auth;

/**
 * The standalone site's HTTP binding (Javalin): routes of the site protocol and the web UI, request bodies, problem answers, the event stream.
 */
package io.renderfarm.server.site.http;

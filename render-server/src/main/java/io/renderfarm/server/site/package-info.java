/**
 * The standalone site: {@link io.renderfarm.server.site.SiteServer} wires the parts and starts Javalin. Below it, in
 * layers: {@code base} (configuration, limits, data folder, problems), {@code db} (SQLite), {@code jobs} (intake,
 * runs, delegation, notices), {@code auth} (who may call), {@code http} (the protocol's routes and the web UI).
 */
package io.renderfarm.server.site;

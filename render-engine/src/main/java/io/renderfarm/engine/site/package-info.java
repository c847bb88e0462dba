/**
 * The site protocol: the HTTP API a render site serves (the standalone {@code renderfarm serve}, later the Jenkins
 * plugin) and its client. The one description of the protocol is {@code openapi.yaml} beside these classes; the
 * records here are its JSON bodies, {@link io.renderfarm.engine.site.SiteClient} speaks it with
 * {@code java.net.http}, and {@link io.renderfarm.engine.site.Bundle} sends a job's files content-addressed.
 * No server framework is used here, so any host can share these types.
 */
package io.renderfarm.engine.site;

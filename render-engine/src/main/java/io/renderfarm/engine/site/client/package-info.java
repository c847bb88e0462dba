/**
 * The protocol's client side over {@code java.net.http}: {@code SiteClient} (bounded answers, downloads hashed as they stream), the event-stream reader, uploads of a bundle, and where hosts' HTTP clients come from (a proxy).
 */
package io.renderfarm.engine.site.client;

/**
 * The site protocol: the HTTP API a render site serves (the standalone {@code renderfarm serve}, the Jenkins
 * plugin) and its client. The one description of the protocol is {@code openapi.yaml} beside these classes; the
 * records here are its JSON bodies, {@link io.renderfarm.engine.site.SiteClient} speaks it with
 * {@code java.net.http}, and {@link io.renderfarm.engine.site.Bundle} sends a job's files content-addressed.
 *
 * <p>Two sites: {@link io.renderfarm.engine.site.SiteRouter} decides where a job renders;
 * {@link io.renderfarm.engine.site.RemoteDelegation} renders a job on a remote site as if here (files sent,
 * events relayed, frames brought back verified, cancel forwarded, re-attach after a restart);
 * {@link io.renderfarm.engine.site.CallbackSignature} and {@link io.renderfarm.engine.site.CallbackSender} sign,
 * check and send the completion notice. No server framework is used here, so any host can share these types.
 */
package io.renderfarm.engine.site;

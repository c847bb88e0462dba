/**
 * Completion notices between sites: signed (HMAC, nonce, time window), sent with retries, accepted only from and to configured peers.
 */
package io.renderfarm.engine.site.callback;

/**
 * What every part of the standalone site shares: its configuration and limits, the data folder, a request refused
 * with a problem document, and request bodies read within their limit.
 */
package io.renderfarm.server.site.base;

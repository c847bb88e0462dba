/**
 * The site protocol's JSON bodies, one record per resource or request as {@code openapi.yaml} (in {@code site.protocol}) describes them.
 */
package io.renderfarm.engine.site.api;

package io.renderfarm.engine.site.bundle;

/**
 * Answer to one upload request: the bytes the site now holds of the content, and whether it is complete (all
 * {@code size} bytes arrived and their SHA-256 matched).
 */
public record UploadResult(String sha256, long received, long size, boolean complete) {}

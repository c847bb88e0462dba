package io.renderfarm.engine.site.bundle;

/**
 * A file content the site lacks, and how many of its bytes it already holds from an interrupted upload; an upload
 * resumes at {@code received}.
 */
public record BlobStatus(String sha256, long received) {}

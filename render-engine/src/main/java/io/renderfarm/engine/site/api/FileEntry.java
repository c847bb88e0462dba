package io.renderfarm.engine.site.api;

/**
 * One file of a job, named by its place relative to the scene's folder and by its content.
 *
 * @param path   relative, '/'-separated, checked with {@link BundlePaths#check}
 * @param sha256 lower-case hex SHA-256 of the content
 * @param size   bytes
 */
public record FileEntry(String path, String sha256, long size) {}

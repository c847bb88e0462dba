package io.jenkins.plugins.renderfarm.progress;

import java.io.Serializable;

/**
 * A frame archived by this render: its artifact path and the checksum, size and dimensions it had when verified.
 * Dimensions are null in entries recorded before they were kept.
 */
public final class StoredEntry implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String sha256;
    private final long bytes;
    private final Integer width;
    private final Integer height;

    public StoredEntry(String path, String sha256, long bytes) {
        this(path, sha256, bytes, null, null);
    }

    public StoredEntry(String path, String sha256, long bytes, Integer width, Integer height) {
        this.path = path;
        this.sha256 = sha256;
        this.bytes = bytes;
        this.width = width;
        this.height = height;
    }

    public String getPath() {
        return path;
    }

    public String getSha256() {
        return sha256;
    }

    public long getBytes() {
        return bytes;
    }

    /** The verified image's width, or null when not recorded. */
    public Integer getWidth() {
        return width;
    }

    /** The verified image's height, or null when not recorded. */
    public Integer getHeight() {
        return height;
    }
}

package io.jenkins.plugins.renderfarm.progress;

import java.io.Serializable;

/** A frame archived by this render: its artifact path and the checksum and size it had when verified. */
public final class StoredEntry implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String sha256;
    private final long bytes;

    public StoredEntry(String path, String sha256, long bytes) {
        this.path = path;
        this.sha256 = sha256;
        this.bytes = bytes;
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
}

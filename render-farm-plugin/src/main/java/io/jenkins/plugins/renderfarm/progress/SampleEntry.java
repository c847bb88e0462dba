package io.jenkins.plugins.renderfarm.progress;

import java.io.Serializable;

/**
 * A sample image the build shows: a preview render, a finished frame's thumbnail or the contact sheet, by its
 * artifact path. {@code seq} changes whenever the image at that path is replaced, so pages can bust caches.
 */
public final class SampleEntry implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final int frame;
    private final String path;
    private final long seq;

    public SampleEntry(String kind, int frame, String path, long seq) {
        this.kind = kind;
        this.frame = frame;
        this.path = path;
        this.seq = seq;
    }

    public String getKind() {
        return kind;
    }

    public int getFrame() {
        return frame;
    }

    public String getPath() {
        return path;
    }

    public long getSeq() {
        return seq;
    }
}

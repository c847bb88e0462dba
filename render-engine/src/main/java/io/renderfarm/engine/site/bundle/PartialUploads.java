package io.renderfarm.engine.site.bundle;

import java.time.Duration;

/**
 * How a {@link BlobFolder} keeps unfinished uploads: one that received no byte for {@code expireAfter} is
 * abandoned and deleted, and all of them together (counting an upload in progress at its full size) may hold at
 * most {@code maxBytes}, so clients that start uploads and never finish them cannot fill the disk.
 *
 * @param expireAfter     how long an unfinished upload is kept without a new byte
 * @param maxBytes        the most bytes unfinished uploads may hold
 * @param maxBytesSetting where an operator raises {@code maxBytes}, named in the refusal; null names none
 */
public record PartialUploads(Duration expireAfter, long maxBytes, String maxBytesSetting) {
    /** A day to resume, and no quota of their own. */
    public static final PartialUploads DEFAULT = new PartialUploads(Duration.ofHours(24), Long.MAX_VALUE, null);

    public PartialUploads {
        if (expireAfter == null || expireAfter.isNegative() || expireAfter.isZero()) {
            throw new IllegalArgumentException("partial uploads must be kept for a positive time, got " + expireAfter);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the quota of partial uploads must be positive, got " + maxBytes);
        }
    }
}

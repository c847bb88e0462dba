package io.renderfarm.engine.store;

import io.renderfarm.engine.verify.VerifiedFrame;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A frame or sample on its way into a {@link FrameStore}: written through {@link #stream()}, made visible
 * atomically by {@link #commit} once its bytes were checked, or discarded by {@link #close()}. Nothing of it is
 * visible in the store before the commit, and closing it uncommitted leaves nothing behind. One writer.
 *
 * @param <T> what the store answers for a committed file: a {@link StoredFrame}, or where a sample is served from
 */
public interface IncomingFile<T> extends Closeable {
    /** Where the bytes go; the commit or close closes it. */
    OutputStream stream();

    /** Makes the file visible with what was checked about it (a frame's checksum is recorded with it). */
    T commit(VerifiedFrame verified) throws IOException;

    /** Discards the file unless it was committed; idempotent. */
    @Override
    void close() throws IOException;
}

package io.renderfarm.engine.store;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of a frame that lies somewhere else (a file on a Jenkins agent), opened when a {@link FrameReceiver}
 * takes it into a store. Each call opens the bytes from their start; the caller closes the stream.
 */
@FunctionalInterface
public interface FrameSource {
    InputStream open() throws IOException;
}

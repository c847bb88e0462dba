package io.renderfarm.engine.render;

import java.nio.file.Path;
import java.util.List;

/**
 * What a confined renderer process may touch besides the system's programs and libraries ({@link RendererSandbox}):
 * the folders and files it may read, and the folders it may write (and read) in.
 *
 * @param read  read-only, with everything below them
 * @param write writable, with everything below them
 */
public record FileAccess(List<Path> read, List<Path> write) {
    public FileAccess {
        read = List.copyOf(read);
        write = List.copyOf(write);
    }
}

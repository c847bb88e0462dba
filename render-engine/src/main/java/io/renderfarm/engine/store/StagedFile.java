package io.renderfarm.engine.store;

import io.renderfarm.engine.verify.VerifiedFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An {@link IncomingFile} written to a staging file beside the store's final place, handed to a commit action
 * (typically an atomic rename) once checked, and deleted when closed uncommitted. The staging file is created
 * with the process's default permissions, so what the commit publishes is readable like any file the host writes.
 */
public final class StagedFile<T> implements IncomingFile<T> {
    /** What publishes the staged file; it may move it away. */
    @FunctionalInterface
    public interface Commit<T> {
        T commit(Path staged, VerifiedFrame verified) throws IOException;
    }

    private final Path staged;
    private final OutputStream stream;
    private final Commit<T> action;
    private boolean committed;
    private boolean closed;

    private StagedFile(Path staged, Commit<T> action) throws IOException {
        this.staged = staged;
        this.stream = Files.newOutputStream(staged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.action = action;
    }

    /** Creates {@code staged}, which must not exist yet. */
    public static <T> StagedFile<T> create(Path staged, Commit<T> action) throws IOException {
        return new StagedFile<>(staged, action);
    }

    public Path path() {
        return staged;
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public T commit(VerifiedFrame verified) throws IOException {
        if (closed) {
            throw new IOException("staged file " + staged.getFileName() + " was already closed");
        }
        stream.close();
        T result = action.commit(staged, verified);
        committed = true;
        return result;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stream.close();
        } finally {
            if (!committed) {
                Files.deleteIfExists(staged);
            }
        }
    }
}

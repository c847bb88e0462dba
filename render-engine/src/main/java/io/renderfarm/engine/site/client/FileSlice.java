package io.renderfarm.engine.site.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bytes of a file from an offset on, at most a length of them: what one upload request sends. */
final class FileSlice extends FilterInputStream {
    private long left;

    private FileSlice(InputStream in, long length) {
        super(in);
        this.left = length;
    }

    /** Opens the slice; an I/O error is unchecked, as the request body's supplier may not throw. */
    static InputStream open(Path file, long offset, long length) {
        try {
            InputStream in = Files.newInputStream(file);
            in.skipNBytes(offset);
            return new FileSlice(in, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int read() throws IOException {
        if (left <= 0) {
            return -1;
        }
        int b = super.read();
        left -= b < 0 ? 0 : 1;
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        if (left <= 0) {
            return -1;
        }
        int n = super.read(buffer, off, (int) Math.min(len, left));
        left -= Math.max(n, 0);
        return n;
    }
}

package io.renderfarm.engine.verify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Checks where an OpenEXR file's pixel data is: every part's offset table complete, each chunk where its entry
 * says, carrying the part number and coordinates its entry stands for, its data inside the file; the chunks
 * adjacent from the end of the offset tables to the end of the file, none overlapping, scan-line parts in their
 * line order. Chunks compressed with NONE, RLE, ZIPS, ZIP or PXR24 are also decoded, which proves their zlib
 * checksums and their size (a bit flipped in the pixels is caught); PIZ, B44 and DWA chunks carry no checksum and
 * are checked for placement only. Stateless.
 */
final class ExrChunks {
    private static final String[] COMPRESSIONS = {
        "NONE", "RLE", "ZIPS", "ZIP", "PIZ", "PXR24", "B44", "B44A", "DWAA", "DWAB"
    };
    private static final int[] LINES_PER_CHUNK = {1, 1, 1, 16, 32, 16, 32, 32, 32, 256};
    private static final int NONE = 0;
    private static final int RLE = 1;
    private static final int ZIPS = 2;
    private static final int ZIP = 3;
    private static final int PXR24 = 5;

    private ExrChunks() {}

    /** A chunk the offset table must point at: its coordinates ({@code y}, or tile x, y, level x, level y). */
    private record Expected(ExrHeader part, int index, int[] coordinates, long rawBytes, long pxr24Bytes) {}

    /** Where a chunk was found, for the adjacency check. */
    private record Span(long start, long end, String name) {}

    static String compressionName(int code) {
        return code >= 0 && code < COMPRESSIONS.length ? COMPRESSIONS[code] : "unknown (" + code + ")";
    }

    /**
     * @param in positioned at the first offset table, right after the headers
     * @throws InvalidFrameException naming the first chunk or byte range that is wrong
     */
    static void check(ByteCursor in, List<ExrHeader> parts, boolean multipart) throws InvalidFrameException {
        long fileLength = in.array().length;
        long total = 0;
        for (ExrHeader part : parts) {
            if (part.compression() >= COMPRESSIONS.length) {
                throw new InvalidFrameException(
                        name(part, multipart) + " uses an unknown compression " + part.compression());
            }
            long count = chunkCount(part);
            if (multipart && count != part.chunkCount()) {
                throw new InvalidFrameException(name(part, multipart) + " says chunkCount " + part.chunkCount()
                        + ", its data window and layout need " + count);
            }
            total += count;
            if (total * 8 > in.remaining()) {
                throw new InvalidFrameException("the offset tables of " + total + " chunks do not fit in the "
                        + in.remaining() + " bytes after the header (truncated?)");
            }
        }
        List<List<Expected>> expected = new ArrayList<>();
        List<long[]> offsets = new ArrayList<>();
        for (ExrHeader part : parts) {
            List<Expected> chunks = layout(part);
            long[] table = new long[chunks.size()];
            for (int i = 0; i < table.length; i++) {
                table[i] = in.i64("the offset table");
            }
            expected.add(chunks);
            offsets.add(table);
        }
        long tablesEnd = in.position();
        List<Span> spans = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            long[] table = offsets.get(p);
            for (Expected chunk : expected.get(p)) {
                spans.add(chunkAt(in, table[chunk.index()], tablesEnd, chunk, multipart));
            }
            checkLineOrder(parts.get(p), table, multipart);
        }
        spans.sort(Comparator.comparingLong(Span::start));
        long at = tablesEnd;
        for (Span span : spans) {
            if (span.start() < at) {
                throw new InvalidFrameException(span.name() + " at byte " + span.start()
                        + " overlaps the data before it (which ends at " + at + ")");
            }
            if (span.start() > at) {
                throw new InvalidFrameException("bytes " + at + ".." + (span.start() - 1) + " belong to no chunk");
            }
            at = span.end();
        }
        if (at != fileLength) {
            throw new InvalidFrameException("the file goes on for " + (fileLength - at)
                    + " bytes after its last chunk, which ends at byte " + at);
        }
    }

    private static String name(ExrHeader part, boolean multipart) {
        return multipart ? "part " + part.index() : "the image";
    }

    private static Span chunkAt(ByteCursor in, long offset, long tablesEnd, Expected chunk, boolean multipart)
            throws InvalidFrameException {
        String name = "chunk " + chunk.index()
                + (multipart ? " of part " + chunk.part().index() : "");
        if (offset < tablesEnd || offset >= in.array().length) {
            throw new InvalidFrameException("the offset table points " + name + " at byte " + offset
                    + ", outside the chunk area " + tablesEnd + ".." + (in.array().length - 1)
                    + (offset == 0 ? " (the table is incomplete)" : ""));
        }
        in.seek(offset, name);
        if (multipart) {
            int part = in.i32(name);
            if (part != chunk.part().index()) {
                throw new InvalidFrameException(name + " at byte " + offset + " says it belongs to part " + part);
            }
        }
        for (int i = 0; i < chunk.coordinates().length; i++) {
            int value = in.i32(name);
            if (value != chunk.coordinates()[i]) {
                throw new InvalidFrameException(name + " at byte " + offset + " has "
                        + (chunk.coordinates().length == 1
                                ? "y " + value + ", not "
                                : "tile coordinate " + value + ", not ")
                        + chunk.coordinates()[i]);
            }
        }
        long size = in.u32(name);
        if (size < 1 || size > in.remaining()) {
            throw new InvalidFrameException(name + " at byte " + offset + " claims " + size
                    + " bytes of data; the file has " + in.remaining() + " left (truncated?)");
        }
        int start = in.position();
        String problem = payloadProblem(in.array(), start, (int) size, chunk);
        if (problem != null) {
            throw new InvalidFrameException(name + " at byte " + offset + " " + problem);
        }
        return new Span(offset, start + size, name);
    }

    private static void checkLineOrder(ExrHeader part, long[] table, boolean multipart) throws InvalidFrameException {
        if (part.isTiled() || part.lineOrder() == 2) {
            return;
        }
        for (int i = 1; i < table.length; i++) {
            boolean increasing = table[i] > table[i - 1];
            if (increasing != (part.lineOrder() == 0)) {
                throw new InvalidFrameException("the chunks of " + name(part, multipart)
                        + " are not in its line order ("
                        + (part.lineOrder() == 0 ? "increasing" : "decreasing") + " y): chunk " + i + " is at byte "
                        + table[i] + ", chunk " + (i - 1) + " at " + table[i - 1]);
            }
        }
    }

    /** Null when the chunk's data decodes to the size its pixels need (or cannot be decoded here). */
    private static String payloadProblem(byte[] bytes, int start, int size, Expected chunk) {
        int compression = chunk.part().compression();
        long raw = chunk.rawBytes();
        if (raw < 0 || raw > Integer.MAX_VALUE - 1) {
            return null;
        }
        if (compression == NONE) {
            return size == raw ? null : "holds " + size + " bytes; its uncompressed pixels are " + raw;
        }
        if (compression == PXR24) {
            return size == raw ? null : inflateProblem(bytes, start, size, chunk.pxr24Bytes());
        }
        if (compression != RLE && compression != ZIP && compression != ZIPS) {
            return null;
        }
        if (size > raw) {
            return "holds " + size + " bytes, more than its " + raw + " bytes of uncompressed pixels";
        }
        if (size == raw) {
            return null; // OpenEXR stores a chunk as is when compressing would not shrink it
        }
        return compression == RLE ? rleProblem(bytes, start, size, raw) : inflateProblem(bytes, start, size, raw);
    }

    private static String inflateProblem(byte[] bytes, int start, int size, long raw) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(bytes, start, size);
            byte[] out = new byte[(int) Math.min(raw + 1, 1 << 20)];
            long produced = 0;
            while (!inflater.finished()) {
                int n = inflater.inflate(out);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return "has compressed data that ends early (" + produced + " of " + raw + " bytes)";
                }
                produced += n;
                if (produced > raw) {
                    return "inflates to more than its " + raw + " bytes of pixels";
                }
            }
            if (produced != raw) {
                return "inflates to " + produced + " bytes; its pixels are " + raw;
            }
            return inflater.getRemaining() == 0
                    ? null
                    : "has " + inflater.getRemaining() + " bytes after its compressed data";
        } catch (DataFormatException e) {
            return "has damaged compressed data (" + e.getMessage() + ")";
        } finally {
            inflater.end();
        }
    }

    private static String rleProblem(byte[] bytes, int start, int size, long raw) {
        long produced = 0;
        int i = start;
        int end = start + size;
        while (i < end) {
            int count = bytes[i++];
            if (count < 0) {
                produced += -count;
                i += -count;
            } else {
                produced += count + 1;
                i++;
            }
        }
        if (i != end || produced != raw) {
            return "run-length data decodes to " + produced + " bytes" + (i != end ? " and overruns the chunk" : "")
                    + "; its pixels are " + raw;
        }
        return null;
    }

    private static long chunkCount(ExrHeader part) {
        if (!part.isTiled()) {
            return ceilDiv(part.dataWindow().height(), LINES_PER_CHUNK[part.compression()]);
        }
        long count = 0;
        for (long[] level : levels(part)) {
            count += ceilDiv(level[2], part.tiles().xSize())
                    * ceilDiv(level[3], part.tiles().ySize());
        }
        return count;
    }

    private static List<Expected> layout(ExrHeader part) {
        List<Expected> chunks = new ArrayList<>();
        ExrHeader.Box window = part.dataWindow();
        if (!part.isTiled()) {
            int lines = LINES_PER_CHUNK[part.compression()];
            for (long y = window.yMin(); y <= window.yMax(); y += lines) {
                long last = Math.min(window.yMax(), y + lines - 1);
                chunks.add(new Expected(
                        part,
                        chunks.size(),
                        new int[] {(int) y},
                        scanlineBytes(part, y, last, false),
                        scanlineBytes(part, y, last, true)));
            }
            return chunks;
        }
        ExrHeader.Tiles tiles = part.tiles();
        for (long[] level : levels(part)) {
            long across = ceilDiv(level[2], tiles.xSize());
            long down = ceilDiv(level[3], tiles.ySize());
            for (long dy = 0; dy < down; dy++) {
                for (long dx = 0; dx < across; dx++) {
                    long pixels = Math.min(tiles.xSize(), level[2] - dx * tiles.xSize())
                            * Math.min(tiles.ySize(), level[3] - dy * tiles.ySize());
                    chunks.add(new Expected(
                            part,
                            chunks.size(),
                            new int[] {(int) dx, (int) dy, (int) level[0], (int) level[1]},
                            pixels * bytesPerPixel(part, false),
                            pixels * bytesPerPixel(part, true)));
                }
            }
        }
        return chunks;
    }

    /** Each level in offset-table order: {level x, level y, width, height}. */
    private static List<long[]> levels(ExrHeader part) {
        ExrHeader.Tiles tiles = part.tiles();
        long w = part.dataWindow().width();
        long h = part.dataWindow().height();
        boolean up = tiles.roundingMode() == 1;
        List<long[]> levels = new ArrayList<>();
        switch (tiles.levelMode()) {
            case 0 -> levels.add(new long[] {0, 0, w, h});
            case 1 -> {
                int n = log2(Math.max(w, h), up) + 1;
                for (int l = 0; l < n; l++) {
                    levels.add(new long[] {l, l, levelSize(w, l, up), levelSize(h, l, up)});
                }
            }
            default -> {
                int nx = log2(w, up) + 1;
                int ny = log2(h, up) + 1;
                for (int ly = 0; ly < ny; ly++) {
                    for (int lx = 0; lx < nx; lx++) {
                        levels.add(new long[] {lx, ly, levelSize(w, lx, up), levelSize(h, ly, up)});
                    }
                }
            }
        }
        return levels;
    }

    private static int log2(long x, boolean up) {
        int floor = 63 - Long.numberOfLeadingZeros(x);
        return up && Long.bitCount(x) > 1 ? floor + 1 : floor;
    }

    private static long levelSize(long size, int level, boolean up) {
        long b = 1L << level;
        long s = size / b;
        if (up && s * b < size) {
            s++;
        }
        return Math.max(s, 1);
    }

    private static long bytesPerPixel(ExrHeader part, boolean pxr24) {
        long bytes = 0;
        for (ExrHeader.Channel c : part.channels()) {
            bytes += pxr24 ? pxr24Bytes(c) : c.bytesPerSample();
        }
        return bytes;
    }

    private static int pxr24Bytes(ExrHeader.Channel c) {
        return c.pixelType() == 2 ? 3 : c.bytesPerSample();
    }

    private static long scanlineBytes(ExrHeader part, long y0, long y1, boolean pxr24) {
        ExrHeader.Box window = part.dataWindow();
        long bytes = 0;
        for (ExrHeader.Channel c : part.channels()) {
            long samples = multiples(window.xMin(), window.xMax(), c.xSampling());
            long lines = multiples(y0, y1, c.ySampling());
            bytes += samples * lines * (pxr24 ? pxr24Bytes(c) : c.bytesPerSample());
        }
        return bytes;
    }

    /** How many multiples of {@code step} lie in {@code [from, to]}. */
    private static long multiples(long from, long to, int step) {
        return Math.floorDiv(to, step) - Math.floorDiv(from - 1, step);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}

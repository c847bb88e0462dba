package io.renderfarm.engine.verify;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Writes small OpenEXR files laid out as the OpenEXR file format documents them, for the layouts no renderer here
 * writes: tiled (one level, mipmap, ripmap) and multi-part. Half-float channels, NONE or ZIP compression (the zlib
 * stream of the raw pixels: the structural check inflates and counts, it does not undo OpenEXR's predictor).
 * Real renderer output (Blender, POV-Ray, ffmpeg) is tested in {@code RenderedFormatsTest}.
 */
final class ExrFixtures {
    static final int NONE = 0;
    static final int ZIP = 3;

    /** One part: size, channels, compression, and tiles (0 for scan lines) with a level mode. */
    record Part(String name, int width, int height, List<String> channels, int compression, int tile, int levelMode) {
        boolean tiled() {
            return tile > 0;
        }
    }

    private ExrFixtures() {}

    static byte[] scanline(int width, int height, int compression) {
        return write(List.of(new Part("", width, height, List.of("B", "G", "R"), compression, 0, 0)), false);
    }

    /** Scan lines stored last chunk first, the offset table still pointing at each: out of increasing-y order. */
    static byte[] scanlineStoredBackwards(int width, int height) {
        return write(List.of(new Part("", width, height, List.of("B", "G", "R"), NONE, 0, 0)), false, true);
    }

    static byte[] tiled(int width, int height, int tile, int levelMode) {
        return write(List.of(new Part("", width, height, List.of("B", "G", "R"), NONE, tile, levelMode)), false);
    }

    static byte[] multipart(Part... parts) {
        return write(List.of(parts), true);
    }

    private static byte[] write(List<Part> parts, boolean multipart) {
        return write(parts, multipart, false);
    }

    private static byte[] write(List<Part> parts, boolean multipart, boolean backwards) {
        Out out = new Out();
        out.bytes(0x76, 0x2f, 0x31, 0x01);
        boolean tiledSingle = !multipart && parts.get(0).tiled();
        out.i32(2 | (tiledSingle ? 0x200 : 0) | (multipart ? 0x1000 : 0));
        List<List<byte[]>> chunks = new ArrayList<>();
        for (Part part : parts) {
            List<byte[]> partChunks = chunks(part, multipart ? parts.indexOf(part) : -1);
            chunks.add(partChunks);
            header(out, part, multipart, partChunks.size());
        }
        if (multipart) {
            out.bytes(0);
        }
        long offset = out.size() + 8L * chunks.stream().mapToInt(List::size).sum();
        if (backwards) {
            List<byte[]> only = chunks.get(0);
            long[] offsets = new long[only.size()];
            for (int i = only.size() - 1; i >= 0; i--) {
                offsets[i] = offset;
                offset += only.get(i).length;
            }
            for (long o : offsets) {
                out.i64(o);
            }
            for (int i = only.size() - 1; i >= 0; i--) {
                out.raw(only.get(i));
            }
            return out.toByteArray();
        }
        for (List<byte[]> partChunks : chunks) {
            for (byte[] chunk : partChunks) {
                out.i64(offset);
                offset += chunk.length;
            }
        }
        chunks.forEach(list -> list.forEach(out::raw));
        return out.toByteArray();
    }

    private static void header(Out out, Part part, boolean multipart, int chunkCount) {
        Out channels = new Out();
        for (String c : part.channels()) {
            channels.cString(c);
            channels.i32(1); // half
            channels.bytes(0, 0, 0, 0);
            channels.i32(1);
            channels.i32(1);
        }
        channels.bytes(0);
        attribute(out, "channels", "chlist", channels.toByteArray());
        attribute(out, "compression", "compression", new byte[] {(byte) part.compression()});
        Out box = new Out();
        box.i32(0);
        box.i32(0);
        box.i32(part.width() - 1);
        box.i32(part.height() - 1);
        attribute(out, "dataWindow", "box2i", box.toByteArray());
        attribute(out, "displayWindow", "box2i", box.toByteArray());
        attribute(out, "lineOrder", "lineOrder", new byte[] {(byte) (part.tiled() ? 2 : 0)});
        attribute(out, "pixelAspectRatio", "float", le(4).putFloat(1).array());
        attribute(
                out, "screenWindowCenter", "v2f", le(8).putFloat(0).putFloat(0).array());
        attribute(out, "screenWindowWidth", "float", le(4).putFloat(1).array());
        if (part.tiled()) {
            attribute(
                    out,
                    "tiles",
                    "tiledesc",
                    le(9).putInt(part.tile())
                            .putInt(part.tile())
                            .put((byte) part.levelMode())
                            .array());
        }
        if (multipart) {
            attribute(out, "name", "string", part.name().getBytes(StandardCharsets.UTF_8));
            attribute(
                    out,
                    "type",
                    "string",
                    (part.tiled() ? "tiledimage" : "scanlineimage").getBytes(StandardCharsets.UTF_8));
            attribute(out, "chunkCount", "int", le(4).putInt(chunkCount).array());
        }
        out.bytes(0);
    }

    private static List<byte[]> chunks(Part part, int partNumber) {
        List<byte[]> chunks = new ArrayList<>();
        int bytesPerPixel = 2 * part.channels().size();
        if (!part.tiled()) {
            int lines = part.compression() == ZIP ? 16 : 1;
            for (int y = 0; y < part.height(); y += lines) {
                int count = Math.min(lines, part.height() - y);
                chunks.add(chunk(
                        partNumber,
                        new int[] {y},
                        pixels(part.width() * count * bytesPerPixel, y),
                        part.compression()));
            }
            return chunks;
        }
        int levels =
                part.levelMode() == 0 ? 1 : 32 - Integer.numberOfLeadingZeros(Math.max(part.width(), part.height()));
        int xLevels = part.levelMode() == 2 ? 32 - Integer.numberOfLeadingZeros(part.width()) : levels;
        int yLevels = part.levelMode() == 2 ? 32 - Integer.numberOfLeadingZeros(part.height()) : levels;
        for (int ly = 0; ly < yLevels; ly++) {
            for (int lx = 0; lx < xLevels; lx++) {
                if (part.levelMode() != 2 && lx != ly) {
                    continue;
                }
                int w = Math.max(1, part.width() >> lx);
                int h = Math.max(1, part.height() >> ly);
                for (int ty = 0; ty * part.tile() < h; ty++) {
                    for (int tx = 0; tx * part.tile() < w; tx++) {
                        int pixels = Math.min(part.tile(), w - tx * part.tile())
                                * Math.min(part.tile(), h - ty * part.tile());
                        chunks.add(chunk(
                                partNumber,
                                new int[] {tx, ty, lx, ly},
                                pixels(pixels * bytesPerPixel, tx + ty),
                                part.compression()));
                    }
                }
            }
        }
        return chunks;
    }

    private static byte[] chunk(int partNumber, int[] coordinates, byte[] raw, int compression) {
        byte[] data = raw;
        if (compression == ZIP) {
            Deflater deflater = new Deflater();
            deflater.setInput(raw);
            deflater.finish();
            byte[] buffer = new byte[raw.length + 64];
            int n = deflater.deflate(buffer);
            deflater.end();
            data = n < raw.length ? java.util.Arrays.copyOf(buffer, n) : raw;
        }
        Out out = new Out();
        if (partNumber >= 0) {
            out.i32(partNumber);
        }
        for (int c : coordinates) {
            out.i32(c);
        }
        out.i32(data.length);
        out.raw(data);
        return out.toByteArray();
    }

    private static byte[] pixels(int count, int seed) {
        byte[] b = new byte[count];
        for (int i = 0; i < count; i++) {
            b[i] = (byte) ((i / 7 + seed) % 5 == 0 ? 0x3c : 0);
        }
        return b;
    }

    private static void attribute(Out out, String name, String type, byte[] value) {
        out.cString(name);
        out.cString(type);
        out.i32(value.length);
        out.raw(value);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static final class Out extends ByteArrayOutputStream {
        void bytes(int... values) {
            for (int v : values) {
                write(v);
            }
        }

        void i32(int v) {
            raw(le(4).putInt(v).array());
        }

        void i64(long v) {
            raw(le(8).putLong(v).array());
        }

        void cString(String s) {
            raw(s.getBytes(StandardCharsets.ISO_8859_1));
            write(0);
        }

        void raw(byte[] b) {
            write(b, 0, b.length);
        }
    }
}

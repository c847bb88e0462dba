package io.renderfarm.engine.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * The structural check of an OpenEXR file, done on its bytes in memory (the verifier's one read): magic number and
 * version, each part's header with its required attributes ({@code channels}, {@code compression},
 * {@code dataWindow}, {@code lineOrder}; {@code tiles} for tiled parts; {@code type} and {@code chunkCount} in
 * multi-part files), then every chunk as {@link ExrChunks} describes. Single-part and multi-part, scan-line and
 * tiled (one level, mipmap, ripmap) files are checked; deep files are refused, since no renderer of the farm writes
 * them and their sample tables are not checked. Pixels are not interpreted: a thumbnail of an OpenEXR frame is made
 * by ffmpeg. Stateless.
 */
public final class ExrChecker {
    /** The first four bytes of every OpenEXR file. */
    static final byte[] MAGIC = {0x76, 0x2f, 0x31, 0x01};

    private static final int TILED = 0x200;
    private static final int LONG_NAMES = 0x400;
    private static final int NON_IMAGE = 0x800;
    private static final int MULTIPART = 0x1000;

    private ExrChecker() {}

    /**
     * What a checked file holds, for proxies and messages.
     *
     * @param width       the first part's data window width
     * @param height      its height
     * @param parts       how many parts
     * @param tiled       whether the first part is tiled
     * @param compression the first part's compression ({@code ZIP}, {@code PIZ}, …)
     * @param channels    the first part's channel names ({@code R}, or {@code ViewLayer.Combined.R} in a multilayer file)
     */
    public record ExrInfo(int width, int height, int parts, boolean tiled, String compression, List<String> channels) {
        /**
         * The layer whose {@code R}, {@code G}, {@code B} channels show the image: empty for plain {@code R G B}
         * channels, else the prefix of the first such triple ({@code ViewLayer.Combined}); null when there is none.
         */
        public String colourLayer() {
            if (channels.contains("R") && channels.contains("G") && channels.contains("B")) {
                return "";
            }
            for (String c : channels) {
                if (c.endsWith(".R")) {
                    String layer = c.substring(0, c.length() - 2);
                    if (channels.contains(layer + ".G") && channels.contains(layer + ".B")) {
                        return layer;
                    }
                }
            }
            return null;
        }
    }

    /** Whether the bytes start like an OpenEXR file. */
    public static boolean looksLikeExr(byte[] bytes) {
        if (bytes.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks the whole file.
     *
     * @throws InvalidFrameException with the first problem found
     */
    public static ExrInfo check(byte[] bytes) throws InvalidFrameException {
        if (!looksLikeExr(bytes)) {
            throw new InvalidFrameException("does not start with the OpenEXR magic number");
        }
        ByteCursor in = new ByteCursor(bytes, 4);
        int version = in.i32("the version field");
        if ((version & 0xff) != 2) {
            throw new InvalidFrameException("has OpenEXR version " + (version & 0xff) + ", not 2");
        }
        int flags = version & ~0xff;
        if ((flags & ~(TILED | LONG_NAMES | NON_IMAGE | MULTIPART)) != 0) {
            throw new InvalidFrameException("has unknown version flags 0x" + Integer.toHexString(flags));
        }
        boolean multipart = (flags & MULTIPART) != 0;
        if (multipart && (flags & TILED) != 0) {
            throw new InvalidFrameException("sets both the multi-part and the single-part tiled flags");
        }
        int maxName = (flags & LONG_NAMES) != 0 ? 255 : 31;
        String defaultType =
                (flags & NON_IMAGE) != 0 ? "deepscanline" : (flags & TILED) != 0 ? ExrHeader.TILED : ExrHeader.SCANLINE;
        List<ExrHeader> parts = new ArrayList<>();
        do {
            parts.add(ExrHeader.read(in, parts.size(), maxName, defaultType, multipart));
        } while (multipart && !endOfHeaders(in));
        for (ExrHeader part : parts) {
            if (part.isDeep()) {
                throw new InvalidFrameException("holds deep data (" + part.type() + "), which the farm does not check");
            }
            if (!part.type().equals(ExrHeader.SCANLINE) && !part.type().equals(ExrHeader.TILED)) {
                throw new InvalidFrameException("has a part of unknown type '" + part.type() + "'");
            }
        }
        ExrChunks.check(in, parts, multipart);
        ExrHeader first = parts.get(0);
        return new ExrInfo(
                (int) Math.min(Integer.MAX_VALUE, first.dataWindow().width()),
                (int) Math.min(Integer.MAX_VALUE, first.dataWindow().height()),
                parts.size(),
                first.isTiled(),
                ExrChunks.compressionName(first.compression()),
                first.channels().stream().map(ExrHeader.Channel::name).toList());
    }

    /** In a multi-part file an empty header (a lone null byte) ends the list of headers. */
    private static boolean endOfHeaders(ByteCursor in) throws InvalidFrameException {
        if (in.remaining() < 1) {
            throw new InvalidFrameException("the file ends inside its headers");
        }
        if (in.array()[in.position()] == 0) {
            in.skip(1, "the end of the headers");
            return true;
        }
        return false;
    }
}

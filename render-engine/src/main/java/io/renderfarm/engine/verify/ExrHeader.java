package io.renderfarm.engine.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * One part's header of an OpenEXR file, as the structural check needs it: the attributes that decide where the
 * part's chunks are and how large they may be. Read from a {@link ByteCursor} positioned at the header's first
 * attribute; every other attribute is skipped by its declared size. Layout as in the OpenEXR file format
 * documentation ("OpenEXR File Layout", 2.x and 3.x).
 *
 * @param index       the part's position in the file (0 for single-part files)
 * @param type        {@code scanlineimage}, {@code tiledimage}, {@code deepscanline} or {@code deeptile}
 * @param channels    the channel list, in file order
 * @param compression the compression code (0 NONE … 9 DWAB)
 * @param dataWindow  the pixels stored
 * @param lineOrder   0 increasing y, 1 decreasing y, 2 random (tiles)
 * @param tiles       the tile description for tiled parts, else null
 * @param chunkCount  the {@code chunkCount} attribute (required in multi-part files), else -1
 */
record ExrHeader(
        int index,
        String type,
        List<Channel> channels,
        int compression,
        Box dataWindow,
        int lineOrder,
        Tiles tiles,
        long chunkCount) {
    static final String SCANLINE = "scanlineimage";
    static final String TILED = "tiledimage";

    /** One channel: name, pixel type (0 uint, 1 half, 2 float) and sampling. */
    record Channel(String name, int pixelType, int xSampling, int ySampling) {
        int bytesPerSample() {
            return pixelType == 1 ? 2 : 4;
        }
    }

    /** An inclusive pixel rectangle. */
    record Box(int xMin, int yMin, int xMax, int yMax) {
        long width() {
            return (long) xMax - xMin + 1;
        }

        long height() {
            return (long) yMax - yMin + 1;
        }
    }

    /** Tile size, level mode (0 one level, 1 mipmap, 2 ripmap) and rounding mode (0 down, 1 up). */
    record Tiles(long xSize, long ySize, int levelMode, int roundingMode) {}

    boolean isTiled() {
        return type.equals(TILED) || type.equals("deeptile");
    }

    boolean isDeep() {
        return type.startsWith("deep");
    }

    /**
     * Reads one header up to and including its terminating null byte.
     *
     * @param defaultType the part's type when the header has no {@code type} attribute (single-part files)
     * @throws InvalidFrameException naming the attribute that is missing, malformed or cut off
     */
    static ExrHeader read(ByteCursor in, int index, int maxName, String defaultType, boolean multipart)
            throws InvalidFrameException {
        String where = multipart ? "part " + index + "'s header" : "the header";
        String type = null;
        List<Channel> channels = null;
        int compression = -1;
        Box dataWindow = null;
        int lineOrder = -1;
        Tiles tiles = null;
        long chunkCount = -1;
        while (true) {
            String name = in.cString(maxName, "an attribute name in " + where);
            if (name.isEmpty()) {
                break;
            }
            String attributeType = in.cString(maxName, "the type of attribute '" + name + "'");
            int size = in.i32("the size of attribute '" + name + "'");
            if (size < 0 || size > in.remaining()) {
                throw new InvalidFrameException("attribute '" + name + "' in " + where + " claims " + size
                        + " bytes; the file has " + in.remaining() + " left");
            }
            int end = in.position() + size;
            switch (name) {
                case "channels" -> channels = channels(in, end, expect(name, attributeType, "chlist"));
                case "compression" -> compression = fixed(in, name, attributeType, "compression", size, 1);
                case "lineOrder" -> lineOrder = fixed(in, name, attributeType, "lineOrder", size, 1);
                case "dataWindow" -> dataWindow = box(in, name, attributeType, size);
                case "tiles" -> tiles = tiles(in, name, attributeType, size);
                case "chunkCount" -> chunkCount = fixed(in, name, attributeType, "int", size, 4);
                case "type" -> type = string(in, name, attributeType, size);
                default -> in.skip(size, "attribute '" + name + "'");
            }
            in.seek(end, "the end of attribute '" + name + "'");
        }
        require(channels, "channels", where);
        require(compression < 0 ? null : compression, "compression", where);
        require(dataWindow, "dataWindow", where);
        require(lineOrder < 0 ? null : lineOrder, "lineOrder", where);
        if (multipart) {
            require(type, "type", where);
            require(chunkCount < 0 ? null : chunkCount, "chunkCount", where);
        }
        String partType = type != null ? type : defaultType;
        ExrHeader header = new ExrHeader(
                index, partType, List.copyOf(channels), compression, dataWindow, lineOrder, tiles, chunkCount);
        if (header.isTiled()) {
            require(tiles, "tiles", where);
        }
        if (dataWindow.width() < 1 || dataWindow.height() < 1) {
            throw new InvalidFrameException(where + " has an empty dataWindow " + dataWindow);
        }
        if (lineOrder > 2) {
            throw new InvalidFrameException(where + " has an unknown lineOrder " + lineOrder);
        }
        return header;
    }

    private static void require(Object value, String attribute, String where) throws InvalidFrameException {
        if (value == null) {
            throw new InvalidFrameException(where + " lacks the required attribute '" + attribute + "'");
        }
    }

    private static String expect(String name, String actual, String wanted) throws InvalidFrameException {
        if (!actual.equals(wanted)) {
            throw new InvalidFrameException("attribute '" + name + "' has type '" + actual + "', not '" + wanted + "'");
        }
        return name;
    }

    private static int fixed(ByteCursor in, String name, String type, String wanted, int size, int wantedSize)
            throws InvalidFrameException {
        expect(name, type, wanted);
        if (size != wantedSize) {
            throw new InvalidFrameException("attribute '" + name + "' has " + size + " bytes, not " + wantedSize);
        }
        return wantedSize == 1 ? in.u8(name) : in.i32(name);
    }

    private static Box box(ByteCursor in, String name, String type, int size) throws InvalidFrameException {
        expect(name, type, "box2i");
        if (size != 16) {
            throw new InvalidFrameException("attribute '" + name + "' has " + size + " bytes, not 16");
        }
        return new Box(in.i32(name), in.i32(name), in.i32(name), in.i32(name));
    }

    private static Tiles tiles(ByteCursor in, String name, String type, int size) throws InvalidFrameException {
        expect(name, type, "tiledesc");
        if (size != 9) {
            throw new InvalidFrameException("attribute 'tiles' has " + size + " bytes, not 9");
        }
        long x = in.u32(name);
        long y = in.u32(name);
        int mode = in.u8(name);
        Tiles tiles = new Tiles(x, y, mode & 0x0f, mode >> 4);
        if (x < 1 || y < 1 || tiles.levelMode() > 2 || tiles.roundingMode() > 1) {
            throw new InvalidFrameException("attribute 'tiles' is malformed: " + tiles);
        }
        return tiles;
    }

    private static String string(ByteCursor in, String name, String type, int size) throws InvalidFrameException {
        expect(name, type, "string");
        int start = in.position();
        in.skip(size, name);
        return new String(in.array(), start, size, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<Channel> channels(ByteCursor in, int end, String name) throws InvalidFrameException {
        List<Channel> channels = new ArrayList<>();
        while (true) {
            String channel = in.cString(255, "a channel name");
            if (channel.isEmpty()) {
                break;
            }
            int pixelType = in.i32("channel " + channel);
            in.skip(4, "channel " + channel); // pLinear and three reserved bytes
            int xSampling = in.i32("channel " + channel);
            int ySampling = in.i32("channel " + channel);
            if (pixelType < 0 || pixelType > 2 || xSampling < 1 || ySampling < 1) {
                throw new InvalidFrameException("channel '" + channel + "' is malformed (pixel type " + pixelType
                        + ", sampling " + xSampling + "x" + ySampling + ")");
            }
            channels.add(new Channel(channel, pixelType, xSampling, ySampling));
        }
        if (in.position() != end) {
            throw new InvalidFrameException(
                    "the channel list ends at byte " + in.position() + ", its attribute at " + end);
        }
        if (channels.isEmpty()) {
            throw new InvalidFrameException("attribute '" + name + "' lists no channel");
        }
        return channels;
    }
}

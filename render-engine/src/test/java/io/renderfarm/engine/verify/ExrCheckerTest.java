package io.renderfarm.engine.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The structural OpenEXR check on files laid out by {@link ExrFixtures}: scan-line and tiled (one level, mipmap,
 * ripmap), single-part and multi-part, each refused with its reason once cut, zero-filled, flipped or shuffled.
 * Real renderer output gets the same treatment in {@code RenderedFormatsTest}.
 */
class ExrCheckerTest {
    private static final ExrFixtures.Part BEAUTY =
            new ExrFixtures.Part("beauty", 40, 20, List.of("B", "G", "R"), ExrFixtures.ZIP, 0, 0);
    private static final ExrFixtures.Part DEPTH =
            new ExrFixtures.Part("depth", 40, 20, List.of("Z"), ExrFixtures.NONE, 16, 1);

    @Test
    void shouldAcceptScanLineFilesUncompressedAndZipped() throws Exception {
        ExrChecker.ExrInfo none = ExrChecker.check(ExrFixtures.scanline(33, 21, ExrFixtures.NONE));
        ExrChecker.ExrInfo zip = ExrChecker.check(ExrFixtures.scanline(33, 21, ExrFixtures.ZIP));

        assertThat(none).isEqualTo(new ExrChecker.ExrInfo(33, 21, 1, false, "NONE", List.of("B", "G", "R")));
        assertThat(zip.compression()).isEqualTo("ZIP");
        assertThat(zip.colourLayer()).isEmpty();
    }

    @Test
    void shouldAcceptTiledFilesOfEveryLevelMode() throws Exception {
        for (int mode = 0; mode <= 2; mode++) {
            ExrChecker.ExrInfo info = ExrChecker.check(ExrFixtures.tiled(37, 19, 8, mode));

            assertThat(info.tiled()).as("level mode " + mode).isTrue();
            assertThat(info.width()).isEqualTo(37);
        }
    }

    @Test
    void shouldAcceptAMultiPartFileOfScanLinesAndTiles() throws Exception {
        ExrChecker.ExrInfo info = ExrChecker.check(ExrFixtures.multipart(BEAUTY, DEPTH));

        assertThat(info.parts()).isEqualTo(2);
        assertThat(info.tiled()).isFalse();
    }

    @Test
    void shouldRefuseAFileCutAnywhere() {
        byte[] whole = ExrFixtures.multipart(BEAUTY, DEPTH);
        for (int length : new int[] {3, 7, 60, headerEnd(whole) + 5, whole.length / 2, whole.length - 1}) {
            assertThatThrownBy(() -> ExrChecker.check(Arrays.copyOf(whole, length)))
                    .as("cut at " + length)
                    .isInstanceOf(InvalidFrameException.class);
        }
        assertThatThrownBy(() -> ExrChecker.check(Arrays.copyOf(whole, whole.length - 1)))
                .hasMessageContaining("claims")
                .hasMessageContaining("truncated?");
    }

    @Test
    void shouldRefuseAZeroFilledOffsetTableAsIncomplete() {
        byte[] file = ExrFixtures.tiled(37, 19, 8, 1);
        int table = headerEnd(file);
        Arrays.fill(file, table + 8, table + 16, (byte) 0);

        assertThatThrownBy(() -> ExrChecker.check(file))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining("chunk 1 at byte 0")
                .hasMessageContaining("the table is incomplete");
    }

    @Test
    void shouldRefuseAZeroFilledTail() {
        byte[] file = ExrFixtures.scanline(33, 21, ExrFixtures.ZIP);
        Arrays.fill(file, file.length - 40, file.length, (byte) 0);

        assertThatThrownBy(() -> ExrChecker.check(file))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageMatching("chunk \\d+ at byte \\d+ .*");
    }

    @Test
    void shouldRefuseABitFlippedInZippedPixels() {
        byte[] file = ExrFixtures.scanline(33, 21, ExrFixtures.ZIP);
        file[file.length - 10] ^= 0x10;

        assertThatThrownBy(() -> ExrChecker.check(file))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageMatching(".*chunk 1 at byte \\d+ (has damaged compressed data|inflates to).*");
    }

    @Test
    void shouldRefuseAChunkWhoseCoordinatesAreNotItsTableEntrys() {
        byte[] file = ExrFixtures.scanline(8, 4, ExrFixtures.NONE);
        int table = headerEnd(file);
        byte[] first = Arrays.copyOfRange(file, table, table + 8);
        System.arraycopy(file, table + 8, file, table, 8);
        System.arraycopy(first, 0, file, table + 8, 8);

        assertThatThrownBy(() -> ExrChecker.check(file))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining("chunk 0 at byte")
                .hasMessageContaining("has y 1, not 0");
    }

    @Test
    void shouldRefuseScanLinesStoredAgainstTheirLineOrder() {
        assertThatThrownBy(() -> ExrChecker.check(ExrFixtures.scanlineStoredBackwards(8, 4)))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining("not in its line order (increasing y)");
    }

    @Test
    void shouldRefuseBytesAfterTheLastChunk() {
        byte[] whole = ExrFixtures.scanline(8, 4, ExrFixtures.NONE);

        assertThatThrownBy(() -> ExrChecker.check(Arrays.copyOf(whole, whole.length + 3)))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining("goes on for 3 bytes after its last chunk");
    }

    @Test
    void shouldRefuseAPartThatLacksARequiredAttribute() {
        byte[] file = ExrFixtures.multipart(BEAUTY, DEPTH);
        rename(file, "chunkCount", "chunkCoun_");

        assertThatThrownBy(() -> ExrChecker.check(file))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessage("part 0's header lacks the required attribute 'chunkCount'");
        byte[] single = ExrFixtures.scanline(8, 4, ExrFixtures.NONE);
        rename(single, "compression\0compression", "compressio_\0compression");
        assertThatThrownBy(() -> ExrChecker.check(single))
                .hasMessage("the header lacks the required attribute 'compression'");
    }

    @Test
    void shouldRefuseAChunkClaimingAnotherPart() {
        byte[] file = ExrFixtures.multipart(BEAUTY, DEPTH);
        int firstChunk = (int) littleEndianLong(file, headerEnd(file));
        file[firstChunk] = 1;

        assertThatThrownBy(() -> ExrChecker.check(file))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining("chunk 0 of part 0")
                .hasMessageContaining("says it belongs to part 1");
    }

    @Test
    void shouldRefuseOtherMagicAndVersions() {
        byte[] file = ExrFixtures.scanline(8, 4, ExrFixtures.NONE);
        file[4] = 3;

        assertThatThrownBy(() -> ExrChecker.check(file)).hasMessage("has OpenEXR version 3, not 2");
        assertThatThrownBy(() -> ExrChecker.check("PNG".getBytes(StandardCharsets.US_ASCII)))
                .hasMessage("does not start with the OpenEXR magic number");
    }

    /** Where the offset tables start: after the last header's terminating null(s). */
    static int headerEnd(byte[] exr) {
        ByteCursor in = new ByteCursor(exr, 8);
        try {
            boolean multipart = (exr[5] & 0x10) != 0;
            do {
                while (true) {
                    String name = in.cString(255, "name");
                    if (name.isEmpty()) {
                        break;
                    }
                    in.cString(255, "type");
                    in.skip(in.i32("size"), "value");
                }
            } while (multipart && exr[in.position()] != 0);
            return multipart ? in.position() + 1 : in.position();
        } catch (InvalidFrameException e) {
            throw new AssertionError(e);
        }
    }

    private static long littleEndianLong(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[at + i] & 0xff);
        }
        return v;
    }

    private static void rename(byte[] file, String from, String to) {
        byte[] needle = from.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i + needle.length <= file.length; i++) {
            if (Arrays.equals(file, i, i + needle.length, needle, 0, needle.length)) {
                System.arraycopy(to.getBytes(StandardCharsets.ISO_8859_1), 0, file, i, needle.length);
                return;
            }
        }
        throw new AssertionError(from + " not found");
    }
}

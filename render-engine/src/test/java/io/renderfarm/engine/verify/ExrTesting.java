package io.renderfarm.engine.verify;

/** OpenEXR helpers for tests outside this package: a small valid file, and where a file's offset tables start. */
public final class ExrTesting {
    private ExrTesting() {}

    /** A valid single-part, ZIP-compressed scan-line file of half-float R, G, B. */
    public static byte[] scanline(int width, int height) {
        return ExrFixtures.scanline(width, height, ExrFixtures.ZIP);
    }

    public static int offsetTableStart(byte[] exr) {
        return ExrCheckerTest.headerEnd(exr);
    }
}

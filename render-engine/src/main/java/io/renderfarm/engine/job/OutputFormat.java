package io.renderfarm.engine.job;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a profile says about the frames' image format: the {@link FrameFormat} ({@code scene} keeps the scene's own)
 * and, for OpenEXR, the compression codec ({@code ""} keeps the scene's, or ZIP when the format is overridden to
 * EXR). The codec names are Blender's, lower-case.
 *
 * @param format   the format, {@link FrameFormat#SCENE} for the scene's own
 * @param exrCodec {@code none, zip, zips, piz, pxr24, b44, b44a, dwaa, dwab, rle}, or empty
 */
public record OutputFormat(FrameFormat format, String exrCodec) implements Serializable {
    /** OpenEXR codecs Blender writes (3.4.1: {@code ImageFormatSettings.exr_codec}). */
    public static final Set<String> EXR_CODECS =
            Set.of("none", "zip", "zips", "piz", "pxr24", "b44", "b44a", "dwaa", "dwab", "rle");

    /** The scene's own output, nothing overridden. */
    public static final OutputFormat SCENE = new OutputFormat(FrameFormat.SCENE, "");

    public OutputFormat {
        Objects.requireNonNull(format, "format");
        exrCodec = exrCodec == null ? "" : exrCodec.strip().toLowerCase(Locale.ROOT);
        if (!exrCodec.isEmpty() && !EXR_CODECS.contains(exrCodec)) {
            throw new IllegalArgumentException(
                    "unknown exrCodec '" + exrCodec + "': known are " + new TreeSet<>(EXR_CODECS));
        }
        if (!exrCodec.isEmpty()
                && format != FrameFormat.SCENE
                && format != FrameFormat.EXR
                && format != FrameFormat.EXR_MULTILAYER) {
            throw new IllegalArgumentException(
                    "exrCodec '" + exrCodec + "' needs format exr, exr-multilayer or scene, not " + format.wireName());
        }
    }

    public static OutputFormat of(FrameFormat format) {
        return new OutputFormat(format, "");
    }

    /** Whether the scene decides (nothing to check against a renderer's formats before rendering). */
    public boolean isScene() {
        return format == FrameFormat.SCENE;
    }

    /** {@code exr (piz)}, {@code png16}, {@code scene}. */
    @Override
    public String toString() {
        return exrCodec.isEmpty() ? format.wireName() : format.wireName() + " (" + exrCodec + ")";
    }
}

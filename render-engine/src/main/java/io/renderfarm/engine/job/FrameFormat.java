package io.renderfarm.engine.job;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The image format a profile asks frames to be written in. {@link #SCENE} keeps whatever the scene says (Blender's
 * file format, colour depth, codec and channels; POV-Ray has no format in its scenes and writes 8-bit PNG);
 * every other value overrides it. Renderers map these to their own options; a renderer build that cannot write one
 * says so in its probed capabilities, and a job asking for it is refused there.
 */
public enum FrameFormat {
    SCENE("scene", ""),
    PNG("png", "png"),
    PNG16("png16", "png"),
    JPEG("jpeg", "jpg"),
    TIFF("tiff", "tif"),
    EXR("exr", "exr"),
    EXR_MULTILAYER("exr-multilayer", "exr"),
    TGA("tga", "tga");

    private final String wireName;
    private final String fileExtension;

    FrameFormat(String wireName, String fileExtension) {
        this.wireName = wireName;
        this.fileExtension = fileExtension;
    }

    /**
     * The extension (without its dot) of the frames this format writes, as stored frames are named after their
     * real type; empty for {@link #SCENE}, whose frames may be of any type.
     */
    public String fileExtension() {
        return fileExtension;
    }

    /** Whether a frame stored as {@code fileName} is in this format (any file is, for {@link #SCENE}). */
    public boolean holds(String fileName) {
        return fileExtension.isEmpty()
                || fileName.toLowerCase(java.util.Locale.ROOT).endsWith("." + fileExtension);
    }

    /** The name in profiles, probes and messages: {@code scene}, {@code png16}, {@code exr-multilayer}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The format of a wire name.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static FrameFormat fromWireName(String name) {
        return Arrays.stream(values())
                .filter(f -> f.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown format '" + name + "': known are "
                        + Arrays.stream(values()).map(FrameFormat::wireName).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return wireName;
    }
}

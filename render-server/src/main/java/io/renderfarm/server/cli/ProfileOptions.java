package io.renderfarm.server.cli;

import io.renderfarm.engine.job.JobProfile;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options {@code render} and {@code submit} share, declared once so both describe them in the same words: how a
 * scene's frames are rendered (renderer, profile, chunk size, preview pass) and written (format, OpenEXR codec, file
 * prefix). {@link #profileFor(Path)} turns them into the job's profile.
 */
final class ProfileOptions {
    @Option(
            names = "--renderer",
            paramLabel = "NAME",
            description = "blender or povray (default: from the scene's extension).")
    String renderer;

    @Option(
            names = "--profile",
            paramLabel = "FILE|NAME",
            description = "A profile JSON file, or a built-in name: blender, povray.")
    String profile;

    @Option(
            names = "--chunk",
            paramLabel = "N",
            description = "Frames per chunk; 0 sizes chunks from measured frame times.")
    Integer chunk;

    @Option(
            names = "--name",
            paramLabel = "PREFIX",
            description = "Frame file prefix (default: the scene's name and '_').")
    String prefix;

    @Option(names = "--no-preview", description = "Skip the preview pass.")
    boolean noPreview;

    @Option(
            names = "--format",
            paramLabel = "NAME",
            description = "Frame format: scene (the scene's own, the default),"
                    + " png, png16, jpeg, tiff, exr, exr-multilayer, tga; overrides the profile's.")
    String format;

    @Option(
            names = "--exr-codec",
            paramLabel = "CODEC",
            description = "OpenEXR compression: none, zip, zips, piz, pxr24,"
                    + " b44, b44a, dwaa, dwab, rle (default: the scene's).")
    String exrCodec;

    /**
     * The profile for {@code scene}: the named or given one (else the renderer's defaults), with the chunk size,
     * preview choice and frame format of these options; throws {@link IllegalArgumentException} for values it
     * refuses, such as a file that is not a scene.
     */
    JobProfile profileFor(Path scene) throws IOException {
        return Profiles.withFormat(Profiles.forScene(profile, renderer, scene, chunk, noPreview), format, exrCodec);
    }
}

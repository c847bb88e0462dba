package io.renderfarm.server.cli;

import io.renderfarm.engine.job.FrameFormat;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputFormat;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.render.Renderers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves {@code --profile FILE|NAME}, {@code --renderer} and {@code --format} into a job profile. */
final class Profiles {
    private Profiles() {}

    /**
     * The profile of a job on {@code scene}, with {@code --chunk} and {@code --no-preview} applied; refuses a file
     * that is not a scene of the profile's renderer before anything renders or is sent to a site.
     */
    static JobProfile forScene(String profile, String renderer, Path scene, Integer chunk, boolean noPreview)
            throws IOException {
        JobProfile jobProfile = resolve(profile, renderer, scene);
        if (chunk != null) {
            jobProfile = jobProfile.withChunkSize(chunk);
        }
        if (noPreview) {
            jobProfile = jobProfile.withPreview(io.renderfarm.engine.job.PreviewSettings.OFF);
        }
        Renderers.forName(jobProfile.renderer()).rejectScene(scene).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        return jobProfile;
    }

    /**
     * The profile with {@code --format} and {@code --exr-codec} applied over its own; either may be null.
     *
     * @throws IllegalArgumentException naming the option and the values it takes
     */
    static JobProfile withFormat(JobProfile profile, String format, String exrCodec) {
        if (format == null && exrCodec == null) {
            return profile;
        }
        FrameFormat frameFormat;
        try {
            frameFormat = format == null ? profile.format().format() : FrameFormat.fromWireName(format);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format: " + e.getMessage());
        }
        try {
            return profile.withFormat(new OutputFormat(
                    frameFormat, exrCodec == null ? profile.format().exrCodec() : exrCodec));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--exr-codec: " + e.getMessage());
        }
    }

    static JobProfile resolve(String profile, String renderer, Path scene) throws IOException {
        JobProfile base;
        if (profile == null) {
            String name = renderer != null
                    ? renderer
                    : Renderers.forScene(scene)
                            .orElseThrow(() -> new IllegalArgumentException("cannot tell the renderer from '"
                                    + scene.getFileName() + "': use --renderer blender|povray"))
                            .name();
            base = JobProfile.defaults(Renderers.forName(name).name());
        } else if (Files.isRegularFile(Path.of(profile))) {
            try {
                base = ProfileReader.parse(Files.readString(Path.of(profile)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("profile " + profile + ": " + e.getMessage());
            }
        } else if (profile.contains("/") || profile.endsWith(".json")) {
            throw new IllegalArgumentException("profile file not found: " + profile);
        } else if (Renderers.all().stream().anyMatch(r -> r.name().equals(profile))) {
            base = JobProfile.defaults(profile);
        } else {
            throw new IllegalArgumentException("no profile file or built-in profile is named '" + profile
                    + "'; the built-in profiles are "
                    + Renderers.all().stream().map(r -> r.name()).collect(java.util.stream.Collectors.joining(", "))
                    + ", or give the path of a profile JSON file");
        }
        if (renderer != null && !renderer.equals(base.renderer())) {
            base = base.withRenderer(Renderers.forName(renderer).name());
        }
        return base;
    }
}

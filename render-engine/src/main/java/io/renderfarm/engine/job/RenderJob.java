package io.renderfarm.engine.job;

import io.renderfarm.engine.frames.FrameSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One render job: a scene, the frames to render, how output frames are named, the profile that says what
 * renders it and how, and the assets the scene needs (textures, includes) besides the scene file.
 *
 * @param id            a stable identifier, unique within the host that runs the job
 * @param scene         the scene file ({@code .blend}, {@code .pov})
 * @param frames        the frames to render
 * @param output        how output frames are named
 * @param profile       renderer, requirements, chunking, retries, timeouts, preview
 * @param assets        files the scene needs, relative to the scene's folder; empty means the scene's whole folder
 *
 * <p>Not {@code Serializable}: it holds local paths, which mean nothing on another machine. Hosts that move a job
 * (a Jenkins agent, a remote site) send its profile, frames and files in their own form.
 */
public record RenderJob(
        String id, Path scene, FrameSet frames, OutputNaming output, JobProfile profile, List<Path> assets) {
    public RenderJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scene, "scene");
        Objects.requireNonNull(frames, "frames");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(profile, "profile");
        assets = assets == null ? List.of() : List.copyOf(assets);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("job " + id + " has no frames to render");
        }
    }

    public String renderer() {
        return profile.renderer();
    }
}

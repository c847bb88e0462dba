package io.renderfarm.engine.schedule;

import io.renderfarm.engine.job.FrameFormat;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.render.Renderer;
import io.renderfarm.engine.render.Renderers;
import io.renderfarm.engine.sample.SampleMaker;
import io.renderfarm.engine.store.FrameStore;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.verify.DecodedFrame;
import io.renderfarm.engine.verify.FrameFileType;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.engine.verify.InvalidFrameException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Takes a frame a renderer wrote: verifies it in its real format, stores previews as samples and final frames
 * atomically under the job's naming with the real format's extension and the scene's padding, and prepares what
 * the {@link SampleMaker} makes their samples from (scaled images; the rest is made off this thread). A final frame in another format
 * than the profile asks for is refused. Runs on the farm's thread for the chunk, so slow disks and large frames do
 * not hold up dispatch. Thread-safe.
 */
final class FrameIntake {
    /** The file type each overriding format must produce. */
    private static final Map<FrameFormat, FrameFileType> WRITES = Map.of(FrameFormat.PNG, FrameFileType.PNG,
            FrameFormat.PNG16, FrameFileType.PNG, FrameFormat.JPEG, FrameFileType.JPEG, FrameFormat.TIFF,
            FrameFileType.TIFF, FrameFormat.EXR, FrameFileType.EXR, FrameFormat.EXR_MULTILAYER, FrameFileType.EXR,
            FrameFormat.TGA, FrameFileType.TGA);

    private final RenderJob job;
    private final FrameStore store;
    private final SampleMaker samples;
    private final Renderer renderer;
    private final FrameVerifier verifier = new FrameVerifier();

    FrameIntake(RenderJob job, FrameStore store, SampleMaker samples) {
        this.job = job;
        this.store = store;
        this.samples = samples;
        this.renderer = Renderers.all().stream().filter(r -> r.name().equals(job.renderer())).findFirst().orElse(null);
    }

    private int padding(Path file) {
        return renderer == null ? Renderer.DEFAULT_PADDING : renderer.framePadding(file);
    }

    /**
     * What became of one rendered file; {@code error} is set when it was refused; {@code samples} is what the
     * {@link SampleMaker} makes the stored frame's samples from, to be queued once the frame is announced.
     */
    record Outcome(String error, StoredFrame stored, String sample, String sampleKind, SampleMaker.Prepared samples) {
        static Outcome refused(String error) {
            return new Outcome(error, null, null, null, null);
        }
    }

    /**
     * Whether a frame stored by an earlier run is in the format the profile asks for (any, for the scene's own), so
     * a run with another format renders it again instead of skipping it.
     */
    boolean inProfileFormat(StoredFrame stored) {
        FrameFileType wanted = WRITES.get(job.profile().format().format());
        return wanted == null || stored.location().toLowerCase(java.util.Locale.ROOT).endsWith("." + wanted.extension());
    }

    Outcome accept(ChunkWork work, int frame, Path file) {
        DecodedFrame decoded;
        try {
            decoded = verifier.verifyAndDecode(file);
        } catch (InvalidFrameException e) {
            return Outcome.refused(e.getMessage());
        }
        String name = job.output().fileName(frame, decoded.type().extension(), padding(file));
        if (work.isPreview()) {
            try {
                String path = store.putSample(SampleMaker.previewName(name), file);
                return new Outcome(null, null, path, "preview", null);
            } catch (IOException e) {
                return Outcome.refused("cannot store preview sample: " + e.getMessage());
            }
        }
        FrameFileType wanted = WRITES.get(job.profile().format().format());
        if (wanted != null && wanted != decoded.type()) {
            return Outcome.refused("frame file " + file.getFileName() + " is " + decoded.type() + ", but the profile asks for "
                    + job.profile().format().format());
        }
        StoredFrame stored;
        try {
            stored = store.putFrame(frame, name, file, decoded.verified());
        } catch (IOException e) {
            return Outcome.refused("cannot store frame: " + e.getMessage());
        }
        return new Outcome(null, stored, null, null, samples.prepare(frame, name, decoded));
    }
}

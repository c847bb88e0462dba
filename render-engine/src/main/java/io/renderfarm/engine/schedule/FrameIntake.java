package io.renderfarm.engine.schedule;

import io.renderfarm.engine.farm.CheckedFrame;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.farm.FrameCheck;
import io.renderfarm.engine.job.FrameFormat;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.render.Renderer;
import io.renderfarm.engine.render.Renderers;
import io.renderfarm.engine.sample.SampleMaker;
import io.renderfarm.engine.store.FrameReceiver;
import io.renderfarm.engine.store.FrameSource;
import io.renderfarm.engine.store.FrameStore;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.verify.DecodedFrame;
import io.renderfarm.engine.verify.FrameFileType;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.engine.verify.InvalidFrameException;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Takes a frame a renderer wrote: verifies it in its real format, stores previews as samples and final frames
 * atomically under the job's naming with the real format's extension and the scene's padding, and prepares what
 * the {@link SampleMaker} makes their samples from (scaled images; the rest is made off this thread). A final
 * frame in another format than the profile asks for is refused. A frame already checked where it was rendered (a
 * Jenkins agent, {@link FrameCheck}) is not decoded again: its bytes stream into the store through the
 * {@link FrameReceiver}, which compares them with that check, and its samples came with it. Runs on the farm's
 * thread for the chunk, so slow disks and large frames do not hold up dispatch. Thread-safe.
 */
final class FrameIntake {
    private final RenderJob job;
    private final FrameStore store;
    private final SampleMaker samples;
    private final FrameReceiver receiver;
    private final Renderer renderer;
    private final FrameVerifier verifier = new FrameVerifier();

    FrameIntake(RenderJob job, FrameStore store, SampleMaker samples, FrameReceiver receiver) {
        this.job = job;
        this.store = store;
        this.samples = samples;
        this.receiver = receiver;
        this.renderer = Renderers.all().stream()
                .filter(r -> r.name().equals(job.renderer()))
                .findFirst()
                .orElse(null);
    }

    /** The renderer's frame-number padding, read from the name it gave the file. */
    private int padding(String renderedName) {
        return renderer == null ? Renderer.DEFAULT_PADDING : renderer.framePadding(Path.of(renderedName));
    }

    /**
     * What became of one rendered file; {@code error} is set when it was refused; {@code name} is the stored final
     * frame's file name; {@code samples} is what the {@link SampleMaker} makes the stored frame's samples from, to
     * be queued once the frame is announced; {@code verified} is the stored frame as checked (its dimensions).
     */
    record Outcome(
            String error,
            StoredFrame stored,
            String name,
            String sample,
            String sampleKind,
            SampleMaker.Prepared samples,
            VerifiedFrame verified) {
        static Outcome refused(String error) {
            return new Outcome(error, null, null, null, null, null, null);
        }
    }

    /** Why a final frame of {@code type} is refused for this job's format, or null when it is what was asked. */
    private String wrongFormat(String renderedName, FrameFileType type) {
        FrameFormat wanted = job.profile().format().format();
        return wanted.holds("." + type.extension())
                ? null
                : "frame file " + renderedName + " is " + type + ", but the profile asks for " + wanted;
    }

    Outcome accept(ChunkWork work, int frame, Path file) {
        DecodedFrame decoded;
        try {
            decoded = verifier.verifyAndDecode(file);
        } catch (InvalidFrameException e) {
            return Outcome.refused(e.getMessage());
        }
        String renderedName = String.valueOf(file.getFileName());
        String name = job.output().fileName(frame, decoded.type().extension(), padding(renderedName));
        if (work.isPreview()) {
            try {
                String path = store.putSample(SampleMaker.previewName(name), file);
                return new Outcome(null, null, null, path, "preview", null, null);
            } catch (IOException e) {
                return Outcome.refused("cannot store preview sample: " + e.getMessage());
            }
        }
        String wrong = wrongFormat(renderedName, decoded.type());
        if (wrong != null) {
            return Outcome.refused(wrong);
        }
        StoredFrame stored;
        try {
            stored = store.putFrame(frame, name, file, decoded.verified());
        } catch (IOException e) {
            return Outcome.refused("cannot store frame: " + e.getMessage());
        }
        return new Outcome(null, stored, name, null, null, samples.prepare(frame, name, decoded), decoded.verified());
    }

    Outcome acceptChecked(ChunkWork work, int frame, CheckedFrame checked, FrameSource bytes) {
        String name = job.output().fileName(frame, checked.type().extension(), padding(checked.renderedName()));
        try {
            if (work.isPreview()) {
                String path = receiver.receiveSample(store, SampleMaker.previewName(name), checked.verified(), bytes);
                return new Outcome(null, null, null, path, "preview", null, null);
            }
            String wrong = wrongFormat(checked.renderedName(), checked.type());
            if (wrong != null) {
                return Outcome.refused(wrong);
            }
            StoredFrame stored = receiver.receiveFrame(store, frame, name, checked.verified(), bytes);
            return new Outcome(
                    null,
                    stored,
                    name,
                    null,
                    null,
                    samples.prepare(frame, name, checked.samples()),
                    checked.verified());
        } catch (InvalidFrameException e) {
            return Outcome.refused(e.getMessage());
        } catch (IOException e) {
            return Outcome.refused("cannot store frame: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.refused("interrupted while taking frame " + frame + " in");
        }
    }
}

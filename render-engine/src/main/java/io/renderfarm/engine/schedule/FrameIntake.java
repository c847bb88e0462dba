package io.renderfarm.engine.schedule;

import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.sample.SampleMaker;
import io.renderfarm.engine.store.FrameStore;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.verify.DecodedFrame;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.engine.verify.InvalidFrameException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Takes a frame a renderer wrote: verifies it, turns previews into samples, stores final frames atomically and
 * makes their thumbnail and the contact sheet. Runs on the farm's thread for the chunk, so slow disks and large
 * frames do not hold up dispatch. Thread-safe.
 */
final class FrameIntake {
    private final RenderJob job;
    private final FrameStore store;
    private final SampleMaker samples;
    private final FrameVerifier verifier = new FrameVerifier();

    FrameIntake(RenderJob job, FrameStore store, SampleMaker samples) {
        this.job = job;
        this.store = store;
        this.samples = samples;
    }

    /** What became of one rendered file; {@code error} is set when it was refused. */
    record Outcome(String error, StoredFrame stored, String sample, String sampleKind, String thumbnail,
                   String contactSheet) {
        static Outcome refused(String error) {
            return new Outcome(error, null, null, null, null, null);
        }
    }

    Outcome accept(ChunkWork work, int frame, Path file) {
        DecodedFrame decoded;
        try {
            decoded = verifier.verifyAndDecode(file);
        } catch (InvalidFrameException e) {
            return Outcome.refused(e.getMessage());
        }
        if (work.isPreview()) {
            try {
                String path = store.putSample(samples.previewName(job.output(), frame), file);
                return new Outcome(null, null, path, "preview", null, null);
            } catch (IOException e) {
                return Outcome.refused("cannot store preview sample: " + e.getMessage());
            }
        }
        SampleMaker.Thumbnails thumbs = samples.thumbnailOf(job.output(), frame, decoded.image());
        StoredFrame stored;
        try {
            stored = store.putFrame(frame, job.output().fileName(frame), file, decoded.verified());
        } catch (IOException e) {
            return Outcome.refused("cannot store frame: " + e.getMessage());
        }
        return new Outcome(null, stored, null, null, thumbs.thumbnail(), thumbs.contactSheet());
    }
}

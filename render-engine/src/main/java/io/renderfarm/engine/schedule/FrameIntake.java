package io.renderfarm.engine.schedule;

import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.sample.SampleMaker;
import io.renderfarm.engine.store.FrameReceiver;
import io.renderfarm.engine.store.FrameSource;
import io.renderfarm.engine.store.FrameStore;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.verify.DecodedFrame;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.engine.verify.InvalidFrameException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Takes a frame a renderer wrote: verifies it, turns previews into samples, stores final frames atomically and
 * makes their thumbnail and the contact sheet. A frame already checked where it was rendered (a Jenkins agent) is
 * not decoded again: its bytes stream into the store through the {@link FrameReceiver}, which compares them with
 * that check, and its thumbnail came with it. Runs on the farm's thread for the chunk, so slow disks and large
 * frames do not hold up dispatch. Thread-safe.
 */
final class FrameIntake {
    private final RenderJob job;
    private final FrameStore store;
    private final SampleMaker samples;
    private final FrameReceiver receiver;
    private final FrameVerifier verifier = new FrameVerifier();

    FrameIntake(RenderJob job, FrameStore store, SampleMaker samples, FrameReceiver receiver) {
        this.job = job;
        this.store = store;
        this.samples = samples;
        this.receiver = receiver;
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

    Outcome acceptChecked(ChunkWork work, int frame, CheckedFrame checked, FrameSource bytes) {
        try {
            if (work.isPreview()) {
                String path = receiver.receiveSample(store, samples.previewName(job.output(), frame), checked.verified(), bytes);
                return new Outcome(null, null, path, "preview", null, null);
            }
            StoredFrame stored = receiver.receiveFrame(store, frame, job.output().fileName(frame), checked.verified(), bytes);
            SampleMaker.Thumbnails thumbs = checked.thumbnail() == null ? new SampleMaker.Thumbnails(null, null)
                    : samples.thumbnailOf(job.output(), frame, checked.thumbnail());
            return new Outcome(null, stored, null, null, thumbs.thumbnail(), thumbs.contactSheet());
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

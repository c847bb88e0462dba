package io.renderfarm.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.farm.ChunkExecution;
import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.farm.RenderFarm;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.store.DirectoryFrameStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remaining time in progress events: measured per slot, previews excluded, time from the job's clock. */
class FrameEtaTest {
    @TempDir
    Path tmp;

    @Test
    void shouldShareTheFramesLeftAmongTheSlotsFastestFirst() {
        FrameEta eta = new FrameEta();
        assertThat(eta.remainingSeconds(10, List.of("a", "b")))
                .as("nothing measured")
                .isEmpty();

        eta.frameDone("a", 1, 10);
        eta.frameDone("b", 2, 30);

        // 8 frames at 1/10 + 1/30 frames per second
        assertThat(eta.remainingSeconds(8, List.of("a", "b"))).hasValue(60);
        // one frame left: only the fastest slot renders it
        assertThat(eta.remainingSeconds(1, List.of("a", "b"))).hasValue(10);
        // a slot not measured yet counts at the mean, 20 s a frame
        assertThat(eta.remainingSeconds(4, List.of("a", "c"))).hasValue(27);
        eta.progress(3, 0.5);
        assertThat(eta.remainingSeconds(1, List.of("a")))
                .as("half of the frame in flight is done")
                .hasValue(5);
        assertThat(eta.remainingSeconds(0, List.of("a"))).hasValue(0);
    }

    @Test
    void shouldPutTheEtaIntoProgressEventsOnceAFinalFrameWasMeasuredIgnoringPreviews() throws Exception {
        FakeClock clock = new FakeClock();
        HandFarm farm = new HandFarm(tmp.resolve("scratch"));
        JobProfile profile =
                JobProfile.defaults("blender").withChunkSize(1).withPreview(new PreviewSettings(true, 1, 25, 4, false));
        RenderJob job = new RenderJob(
                "eta",
                tmp.resolve("scene.blend"),
                FrameSet.range(1, 6),
                OutputNaming.withPrefix("f_"),
                profile,
                List.of());
        RecordingSink sink = new RecordingSink();
        JobRun run = new JobRun(
                        job, farm, new DirectoryFrameStore(Files.createDirectories(tmp.resolve("out"))), sink, clock)
                .start();

        // slot-1 renders the preview of frame 1 while slot-2 starts the final frame 1
        Started preview = farm.next("slot-1");
        Started frameOne = farm.next("slot-2");
        assertThat(preview.work().isPreview()).isTrue();
        frameOne.listener().progress(1, 0.5);
        await().atMost(5, TimeUnit.SECONDS).until(() -> progress(sink).size() == 1);
        assertThat(progress(sink).get(0).eta())
                .as("no final frame measured yet")
                .isNull();

        clock.advance(Duration.ofSeconds(1));
        farm.render(preview, 16);
        Started frameTwo = farm.next("slot-1");
        clock.advance(Duration.ofSeconds(10));
        farm.render(frameOne, 64);
        frameTwo.listener().progress(frameTwo.work().frames().first(), 0.5);
        await().atMost(5, TimeUnit.SECONDS).until(() -> progress(sink).size() == 2);

        // 5 frames left, half of one done; slot-2 measured 11 s a frame, slot-1 counts at that mean: the 1 s
        // preview on slot-1 would make it about 4 s
        assertThat(progress(sink).get(1).eta()).isEqualTo(25L);
        run.cancel("enough");
        assertThat(run.completion().get(10, TimeUnit.SECONDS).state()).isEqualTo(JobState.CANCELED);
    }

    private static List<JobEvent.Progress> progress(RecordingSink sink) {
        return sink.of(JobEvent.Progress.class);
    }

    /** A chunk the farm was given and its listener. */
    private record Started(ChunkWork work, ChunkListener listener) {}

    /** Two slots whose chunks the test drives by hand: it says when frames progress and when they are written. */
    private static final class HandFarm implements RenderFarm {
        private final Path scratch;
        private final Map<String, SlotStatus> status =
                new ConcurrentHashMap<>(Map.of("slot-1", SlotStatus.IDLE, "slot-2", SlotStatus.IDLE));
        private final Map<String, Started> started = new ConcurrentHashMap<>();

        HandFarm(Path scratch) {
            this.scratch = scratch;
        }

        @Override
        public List<RenderSlot> slots() {
            List<RenderSlot> slots = new ArrayList<>();
            for (String id : List.of("slot-1", "slot-2")) {
                slots.add(new RenderSlot(id, "hand", ScriptedFarm.BLENDER_BOX, status.get(id)));
            }
            return slots;
        }

        @Override
        public ChunkExecution start(RenderSlot slot, ChunkWork work, ChunkListener listener) {
            status.put(slot.id(), SlotStatus.BUSY);
            java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
            ChunkListener chunk = new ChunkListener() {
                @Override
                public void progress(int frame, double fraction) {
                    listener.progress(frame, fraction);
                }

                @Override
                public void frameRendered(int frame, Path file) {
                    listener.frameRendered(frame, file);
                }

                @Override
                public void finished(String failure) {
                    if (ended.compareAndSet(false, true)) {
                        status.put(slot.id(), SlotStatus.IDLE);
                        listener.finished(failure);
                    }
                }
            };
            started.put(slot.id(), new Started(work, chunk));
            return () -> chunk.finished("canceled");
        }

        /** The chunk started next on the slot. */
        Started next(String slot) {
            await().atMost(5, TimeUnit.SECONDS).until(() -> started.containsKey(slot));
            return started.remove(slot);
        }

        /** Writes the chunk's (single) frame and ends the chunk. */
        void render(Started chunk, int width) throws Exception {
            int frame = chunk.work().frames().first();
            Path file = Files.createDirectories(scratch).resolve("f" + frame + "-" + System.nanoTime() + ".png");
            ScriptedFarm.writePng(file, width, width * 3 / 4, frame);
            chunk.listener().frameRendered(frame, file);
            chunk.listener().finished((String) null);
        }
    }
}

package io.renderfarm.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.render.RendererSandbox;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.schedule.JobRun;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.store.FrameStore;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults around real renderers: a hung renderer, one that exits 0 without output, corrupt output, a failing disk.
 * Each job ends with every frame verified, or FAILED naming why — never SUCCEEDED with a frame missing. Faults
 * are injected around the real program (a stopped process, a wrapper script, a failing store), never by faking
 * the render.
 */
class LocalFaultTest {
    @TempDir
    Path tmp;

    private final List<JobEvent> events = new CopyOnWriteArrayList<>();

    private JobRun start(Path scene, String frames, JobProfile profile, FrameStore store, Map<String, String> exes)
            throws IOException {
        return start(scene, frames, profile, store, exes, RendererSandbox.ON);
    }

    private JobRun start(
            Path scene,
            String frames,
            JobProfile profile,
            FrameStore store,
            Map<String, String> exes,
            RendererSandbox sandbox)
            throws IOException {
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        LocalSlotFarm farm = new LocalSlotFarm(2, RealRenderFixture.machine(), scratch, exes, true, sandbox);
        RenderJob job = new RenderJob(
                "fault", scene, FrameSet.parse(frames), OutputNaming.withPrefix("f_"), profile, List.of());
        return new JobRun(job, farm, store, events::add, Clock.SYSTEM).start();
    }

    private static JobProfile povray() {
        return JobProfile.defaults("povray").withPreview(PreviewSettings.OFF).withChunkSize(1);
    }

    private Path wrapper(String name, String body) throws IOException {
        Path script = tmp.resolve(name);
        Files.writeString(script, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void shouldKillAHungRendererAfterTheStallTimeoutAndRenderItsFramesAgain() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        Path scene = TestScenes.blenderScene(tmp.resolve("scene"), "hang", 1, 4, 160, 120, 64);
        DirectoryFrameStore store = new DirectoryFrameStore(tmp.resolve("out"));
        JobProfile profile = JobProfile.defaults("blender")
                .withPreview(PreviewSettings.OFF)
                .withChunkSize(2)
                .withTimeouts(Duration.ZERO, Duration.ofSeconds(5));
        JobRun run = start(scene, "1-4", profile, store, Map.of());
        ProcessHandle renderer = await().atMost(60, TimeUnit.SECONDS)
                .until(
                        () -> RealRenderFixture.rendererProcesses().stream()
                                .findFirst()
                                .orElse(null),
                        p -> p != null);

        new ProcessBuilder("kill", "-STOP", Long.toString(renderer.pid()))
                .start()
                .waitFor();
        JobResult result = run.completion().get(120, TimeUnit.SECONDS);

        assertThat(result.state()).as(result.reason()).isEqualTo(JobState.SUCCEEDED);
        assertThat(of(JobEvent.ChunkFailed.class)).anyMatch(e -> e.reason().contains("no progress for 5 s"));
        assertThat(store.verifiedFrames()).containsOnlyKeys(1, 2, 3, 4);
        assertThat(renderer.isAlive()).isFalse();
    }

    @Test
    void shouldFailNamingTheFramesWhenTheRendererExitsZeroWithoutWritingThem() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        Path scene = TestScenes.povScene(tmp.resolve("scene"), "nooutput");
        DirectoryFrameStore store = new DirectoryFrameStore(tmp.resolve("out"));
        // -F: POV-Ray renders but writes no file, and exits 0.
        Path noOutput = wrapper("povray-no-output", "exec povray \"$@\" -F");

        JobResult result = start(scene, "1-2", povray().withRetries(1), store, Map.of("povray", noOutput.toString()))
                .completion()
                .get(60, TimeUnit.SECONDS);

        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.reason()).contains("without writing frame");
        assertThat(result.failed()).isEqualTo(FrameSet.parse("1-2"));
        assertThat(store.verifiedFrames()).isEmpty();
        assertThat(of(JobEvent.FrameDone.class)).isEmpty();
    }

    @Test
    void shouldRefuseATruncatedFrameAndRenderItAgain() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        Path scene = TestScenes.povScene(tmp.resolve("scene"), "truncated");
        DirectoryFrameStore store = new DirectoryFrameStore(tmp.resolve("out"));
        Path marker = tmp.resolve("corrupted-once");
        // The first render's PNG is cut to 200 bytes after POV-Ray wrote it; later renders are left alone. The wrapper
        // keeps its marker outside the job's folders, which a confined renderer may not write: it runs unconfined.
        Path corrupting = wrapper(
                "povray-truncating",
                String.join(
                        "\n",
                        "povray \"$@\"; rc=$?",
                        "if [ ! -e '" + marker + "' ]; then touch '" + marker
                                + "'; for f in rf_*.png; do truncate -s 200 \"$f\"; done; fi",
                        "exit $rc"));

        JobResult result = start(
                        scene, "1", povray(), store, Map.of("povray", corrupting.toString()), RendererSandbox.OFF)
                .completion()
                .get(60, TimeUnit.SECONDS);

        assertThat(result.state()).as(result.reason()).isEqualTo(JobState.SUCCEEDED);
        assertThat(of(JobEvent.ChunkFailed.class))
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("(PNG)").contains("truncated?"));
        assertThat(store.verifiedFrames()).containsOnlyKeys(1);
    }

    @Test
    void shouldRetryAFrameWhoseStoreWriteFailedAndKeepTheOthers() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        Path scene = TestScenes.povScene(tmp.resolve("scene"), "disk");
        FailingStore store = new FailingStore(new DirectoryFrameStore(tmp.resolve("out")), 2);

        JobResult result =
                start(scene, "1-4", povray(), store, Map.of()).completion().get(60, TimeUnit.SECONDS);

        assertThat(result.state()).as(result.reason()).isEqualTo(JobState.SUCCEEDED);
        assertThat(of(JobEvent.ChunkFailed.class))
                .hasSize(2)
                .allMatch(e -> e.reason().contains("No space left on device"));
        assertThat(store.verifiedFrames()).containsOnlyKeys(1, 2, 3, 4);
    }

    @Test
    void shouldFailClearlyWhenTheStoreNeverAcceptsAFrame() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        Path scene = TestScenes.povScene(tmp.resolve("scene"), "fulldisk");
        FailingStore store = new FailingStore(new DirectoryFrameStore(tmp.resolve("out")), Integer.MAX_VALUE);

        JobResult result = start(scene, "1-2", povray().withRetries(1).withBlocklistThreshold(10), store, Map.of())
                .completion()
                .get(60, TimeUnit.SECONDS);

        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.reason()).contains("cannot store frame").contains("No space left on device");
        assertThat(of(JobEvent.FrameDone.class)).isEmpty();
    }

    private <E extends JobEvent> List<E> of(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** A store whose first {@code failures} frame writes fail as a full disk would. */
    private static final class FailingStore implements FrameStore {
        private final FrameStore delegate;
        private final AtomicInteger failuresLeft;

        FailingStore(FrameStore delegate, int failures) {
            this.delegate = delegate;
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public Map<Integer, StoredFrame> verifiedFrames() throws IOException {
            return delegate.verifiedFrames();
        }

        @Override
        public StoredFrame putFrame(int frame, String fileName, Path rendered, VerifiedFrame verified)
                throws IOException {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IOException("No space left on device");
            }
            return delegate.putFrame(frame, fileName, rendered, verified);
        }

        @Override
        public String putSample(String name, Path image) throws IOException {
            return delegate.putSample(name, image);
        }
    }
}

package io.renderfarm.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.farm.ChunkEnd;
import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.render.FailureKind;
import io.renderfarm.engine.render.Quality;
import io.renderfarm.engine.render.Renderers;
import io.renderfarm.engine.render.resident.ResidentSlot;
import io.renderfarm.engine.testing.TestScenes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which chunks a {@link LocalChunk} gives its slot's resident process: those of a renderer whose adapter says it
 * {@linkplain io.renderfarm.engine.render.Renderer#supportsResident() supports one}, never the others. The slot is
 * closed, so a chunk that asks it for a process fails saying so, and none is ever started.
 */
class LocalChunkResidentTest {
    @TempDir
    Path dir;

    private ScheduledExecutorService timer;
    private ResidentSlot closedSlot;

    @BeforeEach
    void setUp() {
        timer = Executors.newSingleThreadScheduledExecutor();
        closedSlot = new ResidentSlot(dir.resolve("resident"), timer, Duration.ofMinutes(1));
        closedSlot.close();
    }

    @AfterEach
    void tearDown() {
        timer.shutdownNow();
    }

    @Test
    void shouldRenderAChunkOfARendererWithoutResidentSupportInAProcessOfItsOwnNeverTheSlotsResidentOne() {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        assertThat(Renderers.forName("povray").supportsResident()).isFalse();
        Path scene = TestScenes.povScene(dir.resolve("pov"), "pov", 32, 24);

        Recorder chunk = run(scene, "povray", FrameSet.of(1));

        assertThat(chunk.end.failure())
                .as("the closed resident slot was not asked")
                .isNull();
        assertThat(chunk.frames).containsExactly(1);
    }

    @Test
    void shouldGiveAChunkOfARendererWithResidentSupportToTheSlotsResidentProcess() throws IOException {
        assertThat(Renderers.forName("blender").supportsResident()).isTrue();

        Recorder chunk = run(blendFile(), "blender", FrameSet.of(1));

        assertThat(chunk.end.failure()).isEqualTo("cannot start blender: the render slot is closed");
        assertThat(chunk.end.kind()).isEqualTo(FailureKind.SLOT);
        assertThat(chunk.frames).isEmpty();
    }

    @Test
    void shouldRefuseFramesTheResidentRendererWouldNotRenderAsAskedBeforeAskingTheSlot() throws IOException {
        Recorder chunk = run(blendFile(), "blender", FrameSet.range(1_048_574, 1_048_575));

        assertThat(chunk.end.failure())
                .isEqualTo("cannot render chunk: Blender renders frames up to 1048574, not 1048575");
        assertThat(chunk.end.kind()).isEqualTo(FailureKind.UNKNOWN);
    }

    /** A file Blender's adapter accepts as a scene; no Blender reads it, since the slot is closed. */
    private Path blendFile() throws IOException {
        return Files.write(dir.resolve("shot.blend"), "BLENDER-v304RENDH".getBytes(StandardCharsets.US_ASCII));
    }

    private Recorder run(Path scene, String renderer, FrameSet frames) {
        RenderJob job = new RenderJob(
                "resident-choice",
                scene,
                frames,
                OutputNaming.withPrefix("shot_"),
                JobProfile.defaults(renderer).withPreview(PreviewSettings.OFF),
                List.of());
        Recorder recorder = new Recorder();
        new LocalChunk(
                        new ChunkWork(1, job, frames, Quality.FINAL, 1),
                        dir.resolve("scratch"),
                        1,
                        Map.of(),
                        closedSlot,
                        recorder)
                .run();
        return recorder;
    }

    /** What the chunk reported: frames from the renderer's output thread, the end from {@link LocalChunk#run()}'s. */
    private static final class Recorder implements ChunkListener {
        /** Each frame reported whose file was there when reported. */
        final List<Integer> frames = new CopyOnWriteArrayList<>();

        ChunkEnd end;

        @Override
        public void progress(int frame, double fraction) {}

        @Override
        public void frameRendered(int frame, Path file) {
            if (Files.isRegularFile(file)) {
                frames.add(frame);
            }
        }

        @Override
        public void finished(String failure) {
            finished(ChunkEnd.of(failure));
        }

        @Override
        public void finished(ChunkEnd end) {
            this.end = end;
        }
    }
}

package io.renderfarm.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.testing.TestScenes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real broken scenes on real local slots: each ends the job at once with {@code scene error: <renderer's message>}
 * and the frame, tried on one slot only, blocklisting none, storing nothing.
 */
class SceneErrorTest {
    @TempDir
    Path tmp;

    private static JobProfile profile(String renderer) {
        // Generous retries and a blocklist at the first failure: a scene error must use neither.
        return JobProfile.defaults(renderer)
                .withPreview(PreviewSettings.OFF)
                .withChunkSize(1)
                .withRetries(5)
                .withBlocklistThreshold(1);
    }

    private JobResult render(Path scene, String renderer, RealRenderFixture fixture) throws Exception {
        JobResult result =
                fixture.start(scene, "1-4", profile(renderer)).completion().get(90, TimeUnit.SECONDS);
        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(fixture.of(JobEvent.SlotBlocklisted.class)).isEmpty();
        assertThat(fixture.of(JobEvent.ChunkFailed.class))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.willRetry()).isEqualTo(false))
                .anySatisfy(e -> assertThat(e.kind()).isEqualTo("scene"));
        assertThat(fixture.of(JobEvent.ChunkStarted.class))
                .as("the two slots' first chunks at most")
                .hasSizeLessThanOrEqualTo(2);
        assertThat(fixture.of(JobEvent.FrameDone.class)).isEmpty();
        try (Stream<Path> files = Files.list(fixture.out)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".png")))
                    .isEmpty();
        }
        return result;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldEndAPovRayJobWithASyntaxErrorAtOnce() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        Path scene = TestScenes.povSceneWithSyntaxError(tmp.resolve("scene"), "syntax");
        try (RealRenderFixture fixture = new RealRenderFixture(tmp.resolve("out"), 2)) {
            JobResult result = render(scene, "povray", fixture);

            assertThat(result.reason())
                    .startsWith("scene error: File '" + scene.toAbsolutePath() + "' line 5: Parse Error:"
                            + " No matching } in 'sphere', plane found instead (frame ");
            JobEvent.ChunkLog log = fixture.of(JobEvent.ChunkLog.class).stream()
                    .filter(e -> "failed".equals(e.state()))
                    .findFirst()
                    .orElseThrow();
            assertThat(log.kind()).isEqualTo("scene");
            assertThat(log.exitCode()).isEqualTo(1);
            assertThat(Path.of(log.path())).hasParent(fixture.store.logsDirectory());
            assertThat(Files.readString(Path.of(log.path())))
                    .contains("Persistence of Vision(tm) Ray Tracer")
                    .contains("Parse Error: No matching } in")
                    .contains("Fatal error in parser: Cannot parse input.\nRender failed\n");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldEndAPovRayJobMissingAnIncludeFileAtOnce() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        Path scene = TestScenes.povSceneWithMissingInclude(tmp.resolve("scene"), "include");
        try (RealRenderFixture fixture = new RealRenderFixture(tmp.resolve("out"), 2)) {
            JobResult result = render(scene, "povray", fixture);

            assertThat(result.reason())
                    .startsWith("scene error: File '" + scene.toAbsolutePath() + "' line 2: Parse Error:"
                            + " Cannot open include file inc/missing_textures.inc. (frame ");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldEndABlenderJobWhoseSceneDoesNotLoadAtOnce() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        Path scene = TestScenes.blenderScene(tmp.resolve("scene"), "whole", 1, 4, 32, 24, 1);
        byte[] bytes = Files.readAllBytes(scene);
        Path truncated =
                Files.write(tmp.resolve("scene").resolve("truncated.blend"), java.util.Arrays.copyOf(bytes, 3000));
        try (RealRenderFixture fixture = new RealRenderFixture(tmp.resolve("out"), 2)) {
            JobResult result = render(truncated, "blender", fixture);

            assertThat(result.reason())
                    .startsWith("scene error: Failed to read blend file '" + truncated.toAbsolutePath()
                            + "': Missing DNA block (frame ")
                    .matches(".*\\(frame [1-4]\\)");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldEndABlenderJobWithoutACameraAtOnce() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        Path scene = TestScenes.blenderSceneWithoutCamera(tmp.resolve("scene"), "nocamera", 1, 4);
        try (RealRenderFixture fixture = new RealRenderFixture(tmp.resolve("out"), 2)) {
            JobResult result = render(scene, "blender", fixture);

            assertThat(result.reason()).matches("scene error: Cannot render, no camera \\(frame [1-4]\\)");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldEndABlenderJobMissingALinkedLibraryBeforeItStoresAFrame() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        Path scene = TestScenes.blenderSceneWithMissingLibrary(tmp.resolve("scene"), "linked", 1, 4);
        try (RealRenderFixture fixture = new RealRenderFixture(tmp.resolve("out"), 2)) {
            JobResult result = render(scene, "blender", fixture);

            assertThat(result.reason())
                    .startsWith("scene error: linked data missing: Cannot find lib '"
                            + tmp.resolve("scene").resolve("lib.blend").toAbsolutePath() + "': 1 libraries and 1 linked"
                            + " data-blocks are missing (frame ");
        }
    }
}

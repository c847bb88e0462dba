package io.renderfarm.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.render.PovRayRenderer;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.testing.TestScenes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paths a new user has: spaces work; non-ASCII characters, which the real POV-Ray 3.7 cannot open (it fails to
 * parse a scene at such a path, and exits 0 without writing a frame into such a folder), are refused with a reason
 * that names the path instead of six retries that blame the slots.
 */
class PovRayPathFaultTest {
    @TempDir
    Path tmp;

    private static JobProfile profile() {
        return JobProfile.defaults("povray").withPreview(PreviewSettings.OFF).withChunkSize(1);
    }

    @Test
    void shouldRenderASceneWhosePathHasSpaces() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        Path scene = TestScenes.povScene(tmp.resolve("my shots"), "shot one");
        try (RealRenderFixture job = new RealRenderFixture(tmp.resolve("out folder"), 1)) {
            JobResult result = job.start(scene, "1-2", profile()).completion().get(60, TimeUnit.SECONDS);

            assertThat(result.state()).as(result.reason()).isEqualTo(JobState.SUCCEEDED);
            assertThat(job.store.verifiedFrames()).containsOnlyKeys(1, 2);
        }
    }

    @Test
    void shouldRefuseASceneWhosePathHasNonAsciiCharactersBeforeRendering() throws Exception {
        Path scene = TestScenes.povScene(tmp.resolve("szene-ü"), "bäll");

        assertThat(new PovRayRenderer().rejectScene(scene))
                .hasValueSatisfying(why -> assertThat(why).contains("non-ASCII").contains("bäll.pov"));
        assertThat(new PovRayRenderer().rejectScene(TestScenes.povScene(tmp.resolve("plain"), "ball")))
                .isEmpty();
    }

    @Test
    void shouldFailNamingTheFolderWhenTheOutputPathHasNonAsciiCharacters() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        Path scene = TestScenes.povScene(tmp.resolve("scene"), "ball");
        try (RealRenderFixture job = new RealRenderFixture(tmp.resolve("rénders"), 1)) {
            JobResult result =
                    job.start(scene, "1", profile().withRetries(1)).completion().get(60, TimeUnit.SECONDS);

            assertThat(result.state()).isEqualTo(JobState.FAILED);
            assertThat(result.reason()).contains("non-ASCII").contains("rénders");
            assertThat(job.of(JobEvent.FrameDone.class)).isEmpty();
            try (var files = Files.list(job.out)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".png"));
            }
        }
    }
}

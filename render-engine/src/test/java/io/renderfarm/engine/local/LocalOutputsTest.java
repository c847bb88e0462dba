package io.renderfarm.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.testing.Ffprobe;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.engine.verify.FrameFileType;
import io.renderfarm.engine.verify.FrameVerifier;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Blender job on two local slots writing the scene's own OpenEXR multilayer output, with every sample. */
class LocalOutputsTest {
    @TempDir
    Path tmp;

    @Test
    void shouldStoreTheScenesMultilayerExrFramesWithThumbnailsTheWholeSheetAMovieAndAnEta() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        assumeTrue(Ffprobe.present(), "ffmpeg is not installed");
        Path scene = TestScenes.blenderScene(
                tmp.resolve("scene"),
                "ml",
                1,
                4,
                48,
                32,
                1,
                new TestScenes.Output("OPEN_EXR_MULTILAYER", "16", "ZIP", "//render/shot_###", 12));
        try (RealRenderFixture job = new RealRenderFixture(tmp.resolve("out"), 2)) {
            JobResult result = job.start(
                            scene, "1-4", JobProfile.defaults("blender").withChunkSize(1))
                    .completion()
                    .get(120, TimeUnit.SECONDS);

            assertThat(result.state()).as(result.reason()).isEqualTo(JobState.SUCCEEDED);
            for (int f = 1; f <= 4; f++) {
                Path frame = job.out.resolve(String.format("shot_%03d.exr", f));
                assertThat(new FrameVerifier().verifyAndDecode(frame).type())
                        .as("frame %d", f)
                        .isEqualTo(FrameFileType.EXR);
                BufferedImage thumbnail = ImageIO.read(job.out
                        .resolve(String.format("samples/thumb_shot_%03d.png", f))
                        .toFile());
                assertThat(thumbnail.getWidth())
                        .as("an 8-bit proxy of the EXR, thumbnail-sized")
                        .isEqualTo(48);
            }
            List<JobEvent.Sample> samples = job.of(JobEvent.Sample.class);
            assertThat(samples)
                    .filteredOn(e -> "preview".equals(e.kind()))
                    .allMatch(e -> e.path().endsWith(".png"));
            assertThat(samples)
                    .filteredOn(e -> "contact-sheet".equals(e.kind()))
                    .last()
                    .satisfies(e -> assertThat(e.frame()).isEqualTo(4));
            assertThat(Ffprobe.videoStream(job.out.resolve("samples/preview.mp4")))
                    .as("at the scene's 12 fps, 4 frames")
                    .isEqualTo("h264,48,32,12/1,4");
            assertThat(job.of(JobEvent.Progress.class)).anyMatch(e -> e.eta() instanceof Number);
        }
    }
}

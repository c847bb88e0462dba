package io.renderfarm.bench;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.job.RenderJob;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Jobs and files shared by the benchmarks. */
final class BenchJobs {
    private BenchJobs() {}

    /** A Blender job of {@code frames} frames in chunks of {@code chunkSize}, with the default preview pass or none. */
    static RenderJob job(String frames, int chunkSize, boolean preview) {
        JobProfile profile = JobProfile.defaults("blender")
                .withChunkSize(chunkSize)
                .withPreview(preview ? PreviewSettings.DEFAULT : PreviewSettings.OFF);
        return new RenderJob(
                "bench",
                Path.of("/bench/scene.blend"),
                FrameSet.parse(frames),
                OutputNaming.DEFAULT,
                profile,
                List.of());
    }

    /** A 16 x 9 PNG, the frame every no-op chunk reports. */
    static Path tinyFrame() throws IOException {
        Path dir = Files.createTempDirectory("rf-bench");
        Path file = dir.resolve("frame.png");
        BufferedImage image = new BufferedImage(16, 9, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, 0x00c800);
        ImageIO.write(image, "png", file.toFile());
        dir.toFile().deleteOnExit();
        file.toFile().deleteOnExit();
        return file;
    }
}

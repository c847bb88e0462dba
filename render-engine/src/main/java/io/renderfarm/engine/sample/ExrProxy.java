package io.renderfarm.engine.sample;

import io.renderfarm.engine.verify.ExrChecker;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * An 8-bit proxy of an OpenEXR frame, made by ffmpeg from the bytes the verifier read: the colour layer
 * ({@code R G B}, or a multilayer file's first {@code <layer>.R/G/B}, such as Blender's
 * {@code ViewLayer.Combined}) through the sRGB transfer curve, at the movie's size. Linear light shown as sRGB is
 * close to Blender's Standard view; a Filmic scene's proxies look a little harder than its PNGs would.
 */
final class ExrProxy {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ExrProxy() {}

    /** The proxy, or null when the file has no colour layer or ffmpeg cannot read it. */
    static BufferedImage of(Ffmpeg ffmpeg, Path folder, int frame, byte[] exr, ExrChecker.ExrInfo info)
            throws IOException, InterruptedException {
        String layer = info.colourLayer();
        if (layer == null) {
            return null;
        }
        Path in = folder.resolve("proxy-" + frame + ".exr");
        Path out = folder.resolve("proxy-" + frame + ".png");
        try {
            Files.write(in, exr);
            int[] size = PreviewMovie.sizeFor(info.width(), info.height());
            List<String> args = new ArrayList<>(List.of("-y"));
            if (!layer.isEmpty()) {
                args.addAll(List.of("-layer", layer));
            }
            args.addAll(List.of(
                    "-apply_trc",
                    "iec61966_2_1",
                    "-i",
                    in.toString(),
                    "-frames:v",
                    "1",
                    "-vf",
                    "scale=" + size[0] + ":" + size[1],
                    "-pix_fmt",
                    "rgb24",
                    out.toString()));
            if (ffmpeg.run(args, folder, TIMEOUT) != null || !Files.isRegularFile(out)) {
                return null;
            }
            return ImageIO.read(out.toFile());
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }
}

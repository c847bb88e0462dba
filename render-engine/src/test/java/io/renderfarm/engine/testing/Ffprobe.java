package io.renderfarm.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Asks Debian's {@code ffprobe} about a movie, for tests of the preview movie; {@link #present()} for assumptions. */
public final class Ffprobe {
    private static volatile Boolean present;

    private Ffprobe() {}

    /**
     * Whether {@code ffmpeg} and {@code ffprobe} are on the PATH; for {@code assumeTrue}.
     *
     * @throws AssertionError when they are not and {@value TestScenes#REQUIRE_RENDERERS} is {@code true} (CI, where
     *                        {@code scripts/install-deps renderers} installs them)
     */
    public static boolean present() {
        Boolean p = present;
        if (p == null) {
            p = run(List.of("ffprobe", "-version")) != null && run(List.of("ffmpeg", "-version")) != null;
            present = p;
        }
        return TestScenes.required("ffmpeg", p, Boolean.getBoolean(TestScenes.REQUIRE_RENDERERS));
    }

    /** {@code codec_name,width,height,r_frame_rate,nb_read_frames} of the first video stream, counted by decoding. */
    public static String videoStream(Path movie) {
        String out = run(List.of(
                "ffprobe",
                "-v",
                "error",
                "-count_frames",
                "-select_streams",
                "v:0",
                "-show_entries",
                "stream=codec_name,width,height,r_frame_rate,nb_read_frames",
                "-of",
                "csv=p=0",
                movie.toString()));
        return out == null ? null : out.strip();
    }

    /** How many frames the movie plays, counted by decoding every one. */
    public static int frames(Path movie) {
        String stream = videoStream(movie);
        if (stream == null) {
            throw new AssertionError("ffprobe cannot read " + movie);
        }
        String[] fields = stream.split(",");
        return Integer.parseInt(fields[fields.length - 1]);
    }

    private static String run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

package io.renderfarm.engine.sample;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The preview movie of a job: every finished frame, in frame order, as an H.264 MP4 (libx264, yuv420p, fast start)
 * at the scene's frame rate. Frames are kept as JPEGs in a work folder, all at the first frame's size (even, at
 * most {@link #MAX_WIDTH} wide); {@link #encode} writes the movie of the frames so far. Frames not rendered yet are
 * skipped, never invented. Not thread-safe (the sample worker owns it).
 */
final class PreviewMovie {
    /** Wider frames are scaled down: a preview, and each refresh encodes every frame again. */
    static final int MAX_WIDTH = 1280;

    private static final Duration BASE_TIMEOUT = Duration.ofSeconds(60);

    private final Ffmpeg ffmpeg;
    private final Path folder;
    private final TreeMap<Integer, Path> frames = new TreeMap<>();
    private int width;
    private int height;
    private int encodes;

    PreviewMovie(Ffmpeg ffmpeg, Path folder) throws IOException {
        this.ffmpeg = ffmpeg;
        this.folder = Files.createDirectories(folder);
    }

    /** The movie size for a source of this size: even, at most {@link #MAX_WIDTH} wide, the aspect kept. */
    static int[] sizeFor(int sourceWidth, int sourceHeight) {
        int w = Images.even(sourceWidth, MAX_WIDTH);
        int h = Images.even((int) Math.round(sourceHeight * (w / (double) sourceWidth)), Integer.MAX_VALUE);
        return new int[] {w, h};
    }

    void add(int frame, BufferedImage image) throws IOException {
        if (frames.isEmpty()) {
            int[] size = sizeFor(image.getWidth(), image.getHeight());
            width = size[0];
            height = size[1];
        }
        BufferedImage sized = image.getWidth() == width
                        && image.getHeight() == height
                        && image.getType() == BufferedImage.TYPE_INT_RGB
                ? image
                : Images.scale(image, width, height);
        Path file = folder.resolve(String.format(Locale.ROOT, "f%d.jpg", frame));
        Files.write(file, Images.encodeJpeg(sized));
        frames.put(frame, file);
    }

    boolean isEmpty() {
        return frames.isEmpty();
    }

    int lastFrame() {
        return frames.lastKey();
    }

    /** Frames in the movie, in order. */
    List<Integer> frames() {
        return List.copyOf(frames.keySet());
    }

    /**
     * Encodes the frames so far at {@code fps} into a new file in the work folder.
     *
     * @return the movie, or null when ffmpeg failed (the reason is not needed: samples are best effort)
     */
    Path encode(double fps) throws IOException, InterruptedException {
        Path sequence = folder.resolve("seq-" + (++encodes));
        Files.createDirectories(sequence);
        try {
            int i = 1;
            for (Path frame : frames.values()) {
                Path link = sequence.resolve(String.format(Locale.ROOT, "%06d.jpg", i++));
                try {
                    Files.createLink(link, frame);
                } catch (IOException | UnsupportedOperationException noLinks) {
                    Files.copy(frame, link);
                }
            }
            Path movie = folder.resolve("movie-" + encodes + ".mp4");
            String problem = ffmpeg.run(
                    List.of(
                            "-y",
                            "-framerate",
                            String.format(Locale.ROOT, "%.6f", fps),
                            "-i",
                            sequence.resolve("%06d.jpg").toString(),
                            "-c:v",
                            "libx264",
                            "-preset",
                            "veryfast",
                            "-crf",
                            "23",
                            "-pix_fmt",
                            "yuv420p",
                            "-threads",
                            "1",
                            "-movflags",
                            "+faststart",
                            movie.toString()),
                    folder,
                    BASE_TIMEOUT.plusMillis(500L * frames.size()));
            return problem == null && Files.isRegularFile(movie) ? movie : null;
        } finally {
            io.renderfarm.engine.store.Folders.delete(sequence);
        }
    }
}

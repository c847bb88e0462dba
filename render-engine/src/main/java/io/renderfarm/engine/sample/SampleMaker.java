package io.renderfarm.engine.sample;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.render.SceneOutput;
import io.renderfarm.engine.store.Folders;
import io.renderfarm.engine.store.FrameStore;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.engine.verify.DecodedFrame;
import io.renderfarm.engine.verify.ExrChecker;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Makes the samples a client sees while a job renders, all 8-bit PNG whatever the frames' format, plus a movie:
 * a thumbnail of every finished frame, the contact sheet of the whole shot ({@link ContactSheet}, redrawn at most
 * once a second and finally after the last frame) and the preview movie ({@link PreviewMovie}, refreshed at most
 * every {@link #MOVIE_INTERVAL_NANOS} and finally at the end), put into the job's {@link FrameStore} as samples and
 * announced to a {@link Listener}. OpenEXR frames get their images from an ffmpeg proxy ({@link ExrProxy}); frames
 * checked where they were rendered bring their thumbnail and movie frame along ({@link FrameSamples}), so nothing of
 * theirs is decoded here.
 *
 * <p>Nothing here holds up rendering: {@link #prepare} only scales an already decoded image (on the thread that
 * took the frame in), {@link #queue} hands the rest to one worker thread per job; ffmpeg runs there at the lowest
 * priority. The two steps are apart so a host can announce the frame before its samples. A sample that cannot be made is
 * skipped, never failing the frame it shows (CGRU users learned thumbnails break often); without ffmpeg on the
 * PATH there is no movie and no thumbnail of an OpenEXR frame. Intervals are measured with the job's {@link Clock}.
 * Thread-safe.
 */
public final class SampleMaker implements AutoCloseable {
    /** Width of thumbnails in pixels; the height keeps the frame's aspect. */
    public static final int THUMBNAIL_WIDTH = 160;
    /** At most this many frames on the contact sheet: a longer shot shows an even sample across its range. */
    public static final int CONTACT_SHEET_CELLS = 64;

    public static final String CONTACT_SHEET_NAME = "contact-sheet.png";
    public static final String MOVIE_NAME = "preview.mp4";
    static final long SHEET_INTERVAL_NANOS = 1_000_000_000L;
    static final long MOVIE_INTERVAL_NANOS = 5_000_000_000L;

    /** Told of each sample stored: the frame it shows (the newest, for the sheet and the movie), kind, store path. */
    @FunctionalInterface
    public interface Listener {
        void made(int frame, String kind, String path);
    }

    private final FrameStore store;
    private final Clock clock;
    private final Listener listener;
    private final Ffmpeg ffmpeg;
    private final ContactSheet sheet;
    private final ExecutorService worker;
    private volatile double fps = SceneOutput.DEFAULT_FPS;
    private volatile boolean closed;
    // owned by the worker thread
    private Path folder;
    private PreviewMovie movie;
    private boolean sheetStale;
    private boolean sheetShown;
    private long lastSheet;
    private boolean movieStale;
    private boolean movieShown;
    private long lastMovie;

    /** Samples of {@code shot}'s frames into {@code store}, with ffmpeg from the PATH when it is there. */
    public SampleMaker(FrameStore store, FrameSet shot, Clock clock, Listener listener) {
        this(store, shot, clock, listener, Ffmpeg.onPath().orElse(null));
    }

    SampleMaker(FrameStore store, FrameSet shot, Clock clock, Listener listener, Ffmpeg ffmpeg) {
        this.store = store;
        this.clock = clock;
        this.listener = listener;
        this.ffmpeg = ffmpeg;
        this.sheet = new ContactSheet(shot, CONTACT_SHEET_CELLS);
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "render-samples");
            t.setDaemon(true);
            return t;
        });
    }

    /** The sample name of a preview render stored as {@code frameFileName}. */
    public static String previewName(String frameFileName) {
        return "preview_" + frameFileName;
    }

    /** The sample name of the thumbnail of the frame stored as {@code frameFileName}: always a PNG. */
    public static String thumbnailName(String frameFileName) {
        int dot = frameFileName.lastIndexOf('.');
        return "thumb_" + (dot > 0 ? frameFileName.substring(0, dot) : frameFileName) + ".png";
    }

    /** Whether a preview movie can be made here (ffmpeg is on the PATH). */
    public boolean makesMovies() {
        return ffmpeg != null;
    }

    /**
     * Whether a job's maker on this machine would make a preview movie (ffmpeg is on the PATH): for a host that
     * tells render hosts whether to send movie frames before it has the job's maker.
     */
    public static boolean canMakeMovies() {
        return Ffmpeg.onPath().isPresent();
    }

    /** The scene's frame rate, for the movie. */
    public void sceneOutput(SceneOutput output) {
        fps = output.fps();
    }

    /**
     * What is needed of a stored final frame for its samples: its thumbnail and movie frame scaled from the decoded
     * image, or an OpenEXR frame's bytes for a proxy. Made on the caller's thread; never throws, null when nothing
     * can be made.
     */
    public Prepared prepare(int frame, String storedName, DecodedFrame decoded) {
        if (closed) {
            return null;
        }
        try {
            BufferedImage thumbnail = null;
            BufferedImage movieFrame = null;
            BufferedImage image = decoded.image();
            if (image != null) {
                thumbnail = Images.scaleToWidth(image, THUMBNAIL_WIDTH);
                if (ffmpeg != null) {
                    int[] size = PreviewMovie.sizeFor(image.getWidth(), image.getHeight());
                    movieFrame = Images.scale(image, size[0], size[1]);
                }
            }
            byte[] exr = decoded.exr() != null && ffmpeg != null ? decoded.bytes() : null;
            return thumbnail == null && exr == null
                    ? null
                    : new Prepared(frame, storedName, thumbnail, null, movieFrame, exr, decoded.exr());
        } catch (RuntimeException | OutOfMemoryError skipped) {
            return null; // see the class comment: a sample is never worth a frame
        }
    }

    /**
     * What is needed of a stored final frame whose samples were made where it was rendered ({@link FrameSamples}):
     * the thumbnail is stored as made and the contact sheet composed from its pixels, the movie frame encoded from
     * its pixels; nothing is decoded. Null when there is nothing to make.
     */
    public Prepared prepare(int frame, String storedName, FrameSamples made) {
        if (closed || made == null || made.isEmpty()) {
            return null;
        }
        ThumbnailImage thumbnail = made.thumbnail();
        try {
            return new Prepared(
                    frame,
                    storedName,
                    thumbnail == null ? null : thumbnail.image(),
                    thumbnail == null ? null : thumbnail.png(),
                    made.movieFrame() == null || ffmpeg == null
                            ? null
                            : made.movieFrame().image(),
                    null,
                    null);
        } catch (RuntimeException | OutOfMemoryError skipped) {
            return null;
        }
    }

    /** Queues a prepared frame's samples for the worker; returns at once, never throws. */
    public void queue(Prepared prepared) {
        if (prepared == null || closed) {
            return;
        }
        try {
            worker.execute(() -> guarded(() -> take(prepared)));
        } catch (RuntimeException closedMeanwhile) {
            // the job ended: its samples are no longer wanted
        }
    }

    /** {@link #prepare} and {@link #queue} at once. */
    public void frameStored(int frame, String storedName, DecodedFrame decoded) {
        queue(prepare(frame, storedName, decoded));
    }

    /**
     * A stored frame's samples to be made: see {@link #prepare}. {@code thumbnailPng} is the thumbnail already
     * encoded where the frame was rendered, else null (it is encoded here).
     */
    public record Prepared(
            int frame,
            String name,
            BufferedImage thumbnail,
            byte[] thumbnailPng,
            BufferedImage movieFrame,
            byte[] exr,
            ExrChecker.ExrInfo exrInfo) {}

    /**
     * Writes the final contact sheet and movie once every queued frame is taken in; completes when they are stored
     * (or could not be made). Call after the last frame was stored.
     */
    public CompletableFuture<Void> finish() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            worker.execute(() -> {
                try {
                    guarded(() -> refresh(true));
                } finally {
                    done.complete(null);
                }
            });
        } catch (RejectedExecutionException closedAlready) {
            done.complete(null);
        }
        return done;
    }

    /** Stops: queued samples are dropped, a running ffmpeg is killed, the work folder goes. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (ffmpeg != null) {
            ffmpeg.abort();
        }
        try {
            worker.execute(() -> {
                if (folder != null) {
                    Folders.delete(folder);
                }
            });
        } catch (RejectedExecutionException closedAlready) {
            return;
        }
        worker.shutdown();
    }

    private interface Work {
        void run() throws IOException, InterruptedException;
    }

    private void guarded(Work work) {
        if (closed) {
            return; // a closed maker only deletes its folder
        }
        try {
            work.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException | OutOfMemoryError skipped) {
            // see the class comment
        }
    }

    private void take(Prepared f) throws IOException, InterruptedException {
        BufferedImage thumbnail = f.thumbnail();
        BufferedImage movieFrame = f.movieFrame();
        if (f.exr() != null) {
            BufferedImage proxy = ExrProxy.of(ffmpeg, folder(), f.frame(), f.exr(), f.exrInfo());
            if (proxy != null) {
                movieFrame = proxy;
                thumbnail = Images.scaleToWidth(proxy, THUMBNAIL_WIDTH);
            }
        }
        if (thumbnail != null) {
            boolean asMade = f.thumbnailPng() != null && thumbnail == f.thumbnail();
            byte[] png = asMade ? f.thumbnailPng() : Images.encodePng(thumbnail);
            String path = store.putSample(thumbnailName(f.name()), png);
            listener.made(f.frame(), "thumbnail", path);
            sheetStale |= sheet.put(f.frame(), thumbnail);
        }
        if (movieFrame != null && ffmpeg != null) {
            movie().add(f.frame(), movieFrame);
            movieStale = true;
        }
        refresh(false);
    }

    private void refresh(boolean last) throws IOException, InterruptedException {
        long now = clock.nanoTime();
        if (sheetStale && (last || !sheetShown || now - lastSheet >= SHEET_INTERVAL_NANOS)) {
            sheetStale = false;
            sheetShown = true;
            lastSheet = now;
            String path = store.putSample(CONTACT_SHEET_NAME, Images.encodePng(sheet.compose()));
            listener.made(sheet.latestFrame(), "contact-sheet", path);
        }
        if (movieStale && (last || !movieShown || now - lastMovie >= MOVIE_INTERVAL_NANOS)) {
            movieStale = false;
            movieShown = true;
            Path encoded = movie.encode(fps);
            lastMovie = clock.nanoTime(); // from the end of the encode: a long shot's encodes never run back to back
            if (encoded != null) {
                try {
                    String path = store.putSample(MOVIE_NAME, encoded);
                    listener.made(movie.lastFrame(), "movie", path);
                } finally {
                    Files.deleteIfExists(encoded);
                }
            }
        }
    }

    private Path folder() throws IOException {
        if (folder == null) {
            folder = Ffmpeg.workFolder();
        }
        return folder;
    }

    private PreviewMovie movie() throws IOException {
        if (movie == null) {
            movie = new PreviewMovie(ffmpeg, folder().resolve("movie"));
        }
        return movie;
    }
}

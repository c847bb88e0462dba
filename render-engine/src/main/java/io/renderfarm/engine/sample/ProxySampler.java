package io.renderfarm.engine.sample;

import io.renderfarm.engine.store.Folders;
import io.renderfarm.engine.verify.DecodedFrame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Makes the samples of final frames ImageIO cannot decode (OpenEXR) from an ffmpeg proxy ({@link ExrProxy}), where
 * frames are checked on the machine that rendered them (a Jenkins agent, after {@code FrameCheck}): one frame at a
 * time on a thread of its own, ffmpeg at the lowest CPU priority, so neither the renderer nor the frame's delivery
 * waits for it. At most {@link #MAX_PENDING} frames wait, each holding the bytes the check read (the renderer's
 * folder may be gone by then); more are skipped. Without ffmpeg on the PATH nothing is made: the frames are
 * verified and stored all the same, only without a thumbnail or a place in the movie. Thread-safe.
 */
public final class ProxySampler implements AutoCloseable {
    /** Frames waiting for a proxy beyond the one being made; a frame past this gets no samples. */
    static final int MAX_PENDING = 2;

    /** Told of the samples made of one frame; called on the sampler's thread. */
    @FunctionalInterface
    public interface Sink {
        void made(int frame, FrameSamples samples);
    }

    private final Ffmpeg ffmpeg;
    private final boolean movieFrames;
    private final ThreadPoolExecutor worker;
    private volatile Path folder; // made on the worker thread, deleted by close()

    /** A sampler with ffmpeg from the PATH, when it is there; {@code movieFrames}: also the movie's frame. */
    public ProxySampler(boolean movieFrames) {
        this(Ffmpeg.onPath().orElse(null), movieFrames);
    }

    ProxySampler(Ffmpeg ffmpeg, boolean movieFrames) {
        this.ffmpeg = ffmpeg;
        this.movieFrames = movieFrames;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_PENDING), r -> {
            Thread t = new Thread(r, "render-proxies");
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether proxies can be made here (ffmpeg is on the PATH). */
    public boolean makesProxies() {
        return ffmpeg != null;
    }

    /**
     * Queues the samples of {@code decoded}, an OpenEXR final frame, for {@code sink}; returns at once.
     *
     * @return false when none will be made: not an OpenEXR frame, no ffmpeg, too many waiting, or closed
     */
    public boolean submit(int frame, DecodedFrame decoded, Sink sink) {
        if (ffmpeg == null || decoded.exr() == null || decoded.bytes() == null) {
            return false;
        }
        try {
            worker.execute(() -> make(frame, decoded, sink));
            return true;
        } catch (RejectedExecutionException full) {
            return false;
        }
    }

    private void make(int frame, DecodedFrame decoded, Sink sink) {
        try {
            if (folder == null) {
                folder = Ffmpeg.workFolder();
            }
            BufferedImage proxy = ExrProxy.of(ffmpeg, folder, frame, decoded.bytes(), decoded.exr());
            if (proxy != null) {
                FrameSamples samples = FrameSamples.of(proxy, movieFrames);
                if (!samples.isEmpty()) {
                    sink.made(frame, samples);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException | OutOfMemoryError skipped) {
            // a sample is never worth a frame: the frame is stored already
        }
    }

    /**
     * Makes what is queued, waiting at most {@code limit}, then stops as {@link #close()} does. For the end of a
     * chunk, so its last frames' samples are delivered before it is reported finished.
     */
    public void drain(Duration limit) throws InterruptedException {
        worker.shutdown();
        try {
            worker.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            close();
        }
    }

    /** Stops: what is queued is dropped, a running ffmpeg is killed, the work folder goes. Idempotent. */
    @Override
    public void close() {
        if (ffmpeg != null) {
            ffmpeg.abort();
        }
        worker.shutdownNow();
        try {
            if (worker.awaitTermination(10, TimeUnit.SECONDS) && folder != null) {
                Folders.delete(folder);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.jenkins.plugins.renderfarm.farm.agent;

import io.renderfarm.engine.chunklog.ChunkLog;
import io.renderfarm.engine.local.LocalChunk;
import io.renderfarm.engine.render.FailureKind;
import io.renderfarm.engine.render.SceneOutput;
import io.renderfarm.engine.sample.FrameSamples;
import io.renderfarm.engine.sample.ProxySampler;
import io.renderfarm.engine.farm.ChunkEnd;
import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.engine.farm.FrameCheck;
import io.renderfarm.engine.verify.InvalidFrameException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Agent side of a chunk: passes the engine's callbacks to the controller's {@link RemoteChunkListener}, and keeps
 * the renderer's output (head and tail) to return with the chunk's end, which the controller's engine keeps as the
 * attempt's log. Each frame is checked here, in the agent's JVM ({@link FrameCheck}: in its real format, an
 * OpenEXR file structurally; its SHA-256; its thumbnail and movie frame), so the controller only streams the bytes
 * and compares them with that checksum; the file stays until the controller answered. An OpenEXR frame's samples
 * need an ffmpeg proxy, made afterwards on a thread of its own ({@link ProxySampler}) so neither the renderer nor
 * the frame waits for it, and sent before a chunk that succeeded reports its end (waiting at most
 * {@link #PROXY_DRAIN}); an agent without ffmpeg still checks and delivers such frames, only without samples. It
 * never throws into the engine (an exception there would stop the thread reading the renderer's output, which would
 * then block); if the controller cannot be reached it cancels the chunk instead, killing the renderer.
 */
final class AgentRelay implements ChunkListener {
    /** Progress is a sign of life; a few per second per frame are plenty over a network. */
    private static final long PROGRESS_INTERVAL_NANOS = 500_000_000L;
    /** The longest the end of a chunk waits for the samples of its last OpenEXR frames. */
    static final Duration PROXY_DRAIN = Duration.ofSeconds(60);

    private final RemoteChunkListener controller;
    private final boolean preview;
    private final FrameCheck check;
    private final ProxySampler proxies;
    private final Map<Integer, Long> lastProgress = new HashMap<>();
    private volatile LocalChunk chunk;
    private final ChunkLog log = new ChunkLog();
    private volatile String lost;
    private volatile ChunkEnd end = ChunkEnd.of(null);

    /**
     * @param preview     the chunk renders previews, whose frames are samples and get no thumbnail
     * @param movieFrames the controller makes a preview movie, so final frames bring their movie frame
     */
    AgentRelay(RemoteChunkListener controller, boolean preview, boolean movieFrames) {
        this.controller = controller;
        this.preview = preview;
        this.check = new FrameCheck(movieFrames);
        this.proxies = new ProxySampler(movieFrames);
    }

    void attach(LocalChunk localChunk) {
        this.chunk = localChunk;
    }

    @Override
    public void progress(int frame, double fraction) {
        synchronized (lastProgress) {
            long now = Clock.SYSTEM.nanoTime();
            Long last = lastProgress.get(frame);
            if (last != null && fraction > 0 && fraction < 1 && now - last < PROGRESS_INTERVAL_NANOS) {
                return;
            }
            lastProgress.put(frame, now);
        }
        try {
            controller.progress(frame, fraction);
        } catch (RuntimeException e) {
            lose(e);
        }
    }

    @Override
    public void frameRendered(int frame, Path file) {
        try {
            FrameCheck.Inspected found;
            try {
                found = check.inspect(file, preview);
            } catch (InvalidFrameException e) {
                controller.frameRefused(frame, e.getMessage());
                return;
            }
            controller.frameChecked(frame, file.toAbsolutePath().toString(), AgentCheckedFrame.of(found.checked()));
            if (found.proxySource() != null && lost == null) {
                proxies.submit(frame, found.proxySource(), this::sendSamples);
            }
        } catch (IOException | RuntimeException e) {
            lose(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lose(e);
        }
    }

    @Override
    public void sceneOutput(SceneOutput output) {
        try {
            controller.sceneFrameRate(output.fps());
        } catch (RuntimeException e) {
            lose(e);
        }
    }

    /** On the proxy thread, after the frame was delivered. */
    private void sendSamples(int frame, FrameSamples samples) {
        if (lost != null) {
            return;
        }
        try {
            controller.frameSamples(frame, AgentFrameSamples.of(samples));
        } catch (RuntimeException e) {
            lose(e);
        }
    }

    @Override
    public void output(String line) {
        log.add(line);
    }

    @Override
    public void finished(String reason) {
        finished(ChunkEnd.of(reason));
    }

    /**
     * The last frames' samples go out before the chunk's end is reported (the controller takes none after); a chunk
     * that failed, was canceled or lost its controller ends at once, without them.
     */
    @Override
    public void finished(ChunkEnd value) {
        try {
            if (lost == null && value.succeeded()) {
                proxies.drain(PROXY_DRAIN);
            } else {
                proxies.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            proxies.close();
        }
        this.end = value;
    }

    void lose(Throwable why) {
        if (lost == null) {
            lost = "lost the connection to the controller: " + why;
            LocalChunk c = chunk;
            if (c != null) {
                c.cancel();
            }
        }
    }

    /** How the chunk ended, with the renderer's output: lost when the controller could not be reached, a slot error. */
    ChunkEnd end() {
        ChunkEnd result = lost != null ? ChunkEnd.failed(lost, FailureKind.SLOT, -1, null) : end;
        return result.withLog(log.text());
    }
}

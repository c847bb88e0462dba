package io.renderfarm.engine.schedule;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.chunklog.ChunkAttempt;
import io.renderfarm.engine.chunklog.ChunkLog;
import io.renderfarm.engine.farm.ChunkEnd;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.store.FrameStore;
import io.renderfarm.engine.time.Clock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chunk logs of one job run: a live {@link ChunkLog} per running attempt, fed the renderer's lines as they come,
 * and at the attempt's end its log put into the job's {@link FrameStore} as {@code chunk-0007-attempt-2.log} with a
 * header saying where, when and how it ran. A failed attempt keeps everything its live log held (32 K head, 64 K
 * tail); one that ended well keeps 4 K of head and 12 K of tail. Once the job's kept logs reach
 * {@link #JOB_BUDGET_CHARS}, later attempts keep a line saying so instead. Thread-safe: lines arrive on the
 * renderers' reader threads, ends on the farm's threads.
 */
final class ChunkLogBook {
    /** The most log text kept per job. */
    public static final long JOB_BUDGET_CHARS = 32L * 1024 * 1024;

    static final int SUCCESS_HEAD_CHARS = 4 * 1024;
    static final int SUCCESS_TAIL_CHARS = 12 * 1024;
    /** Lines of a failed attempt's log carried in its event, for logs a person reads (a build log, a terminal). */
    public static final int TAIL_LINES = 15;

    private record Live(ChunkWork work, String slot, String host, Instant started, ChunkLog log) {}

    private final FrameStore store;
    private final Clock clock;
    private final long budget;
    private final Instant origin;
    private final long originNanos;
    private final Map<Integer, Live> live = new ConcurrentHashMap<>();
    private final AtomicLong kept = new AtomicLong();
    private volatile boolean closed;

    ChunkLogBook(FrameStore store, Clock clock) {
        this(store, clock, JOB_BUDGET_CHARS);
    }

    ChunkLogBook(FrameStore store, Clock clock, long budget) {
        this.store = store;
        this.clock = clock;
        this.budget = budget;
        this.origin = clock.instant(); // the wall clock labels; durations come from the monotonic one
        this.originNanos = clock.nanoTime();
    }

    /** The attempt is being handed to its slot; its lines may arrive from now on. */
    void begin(ChunkWork work, RenderSlot slot) {
        live.put(work.chunkId(), new Live(work, slot.id(), slot.host(), now(), new ChunkLog()));
    }

    /**
     * The attempt left its farm's queue and began on {@code where} (its slot, or the machine a cloud provided for
     * it): its log names that and counts its time from now, not from when it was queued.
     */
    void began(int chunk, String where) {
        live.computeIfPresent(chunk, (id, a) -> new Live(a.work(), where, a.host(), now(), a.log()));
    }

    /**
     * Keeps nothing more: the run was abandoned because its host is shutting down, and chunks it killed must not
     * write into a store being closed. Their attempts are logged again when the job resumes.
     */
    void close() {
        closed = true;
        live.clear();
    }

    /** The slot did not take the attempt after all. */
    void forget(int chunk) {
        live.remove(chunk);
    }

    void output(int chunk, String line) {
        Live attempt = live.get(chunk);
        if (attempt != null) {
            attempt.log().add(line);
        }
    }

    /** The log of a running attempt so far; empty once it ended (then read it from the store). */
    Optional<String> liveText(int chunk) {
        Live attempt = live.get(chunk);
        return attempt == null ? Optional.empty() : Optional.of(attempt.log().text());
    }

    /**
     * Ends an attempt and keeps its log in the store. A farm that ran the renderer elsewhere hands the captured
     * output in {@link ChunkEnd#log()}; it is used when no line arrived here. Never fails: a log that cannot be
     * stored has no location.
     */
    ChunkAttempt end(int chunk, ChunkEnd end) {
        Live attempt = live.remove(chunk);
        if (attempt == null || closed) {
            return null;
        }
        Instant ended = now();
        ChunkLog log = attempt.log();
        if (end.log() != null && log.text().isEmpty()) {
            log = ChunkLog.of(end.log(), ChunkLog.HEAD_CHARS, ChunkLog.TAIL_CHARS);
        }
        ChunkLog kept = end.succeeded() ? ChunkLog.of(log.text(), SUCCESS_HEAD_CHARS, SUCCESS_TAIL_CHARS) : log;
        String body = kept.text();
        String text = header(attempt, ended, end)
                + (reserve(body.length())
                        ? body
                        : "[log not kept: this job's chunk logs reached " + budget / (1024 * 1024) + " MiB]\n");
        String location;
        try {
            location = store.putLog(
                    ChunkAttempt.fileName(chunk, attempt.work().attempt()), text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            location = null; // a log is worth having, never worth failing the chunk
        }
        ChunkWork work = attempt.work();
        return new ChunkAttempt(
                chunk,
                work.attempt(),
                work.isPreview() ? "preview" : "final",
                work.frames().toString(),
                attempt.slot(),
                attempt.host(),
                attempt.started(),
                ended,
                end.exitCode(),
                end.failure(),
                end.succeeded() ? null : end.kind().wireName(),
                location,
                text.length(),
                log.truncated() || kept.truncated(),
                log.lastLines(TAIL_LINES));
    }

    private boolean reserve(long chars) {
        while (true) {
            long before = kept.get();
            if (before + chars > budget) {
                return false;
            }
            if (kept.compareAndSet(before, before + chars)) {
                return true;
            }
        }
    }

    private static String header(Live attempt, Instant ended, ChunkEnd end) {
        ChunkWork work = attempt.work();
        StringBuilder h = new StringBuilder()
                .append("# job ")
                .append(work.job().id())
                .append(", chunk ")
                .append(work.chunkId())
                .append(", attempt ")
                .append(work.attempt())
                .append(" (")
                .append(work.isPreview() ? "preview" : "final")
                .append(" pass), frames ")
                .append(work.frames())
                .append('\n')
                .append("# slot ")
                .append(attempt.slot())
                .append(" on ")
                .append(attempt.host())
                .append('\n')
                .append("# started ")
                .append(attempt.started())
                .append(", ended ")
                .append(ended)
                .append(end.exitCode() == null ? "" : ", exit code " + end.exitCode())
                .append('\n');
        if (!end.succeeded()) {
            h.append("# failed (")
                    .append(end.kind().wireName())
                    .append("): ")
                    .append(end.failure())
                    .append('\n');
        }
        return h.append('\n').toString();
    }

    private Instant now() {
        return origin.plusNanos(clock.nanoTime() - originNanos);
    }
}

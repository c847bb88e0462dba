package io.renderfarm.engine.schedule;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotMatcher;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.event.EventType;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.event.JobEventSink;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.plan.ChunkSizer;
import io.renderfarm.engine.plan.PreviewOrder;
import io.renderfarm.engine.render.Quality;
import io.renderfarm.engine.sample.SampleMaker;
import io.renderfarm.engine.store.FrameStore;
import io.renderfarm.engine.store.StoredFrame;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One run of a job on a {@link RenderFarm}: the preview pass, then chunks dispatched concurrently to capable idle
 * slots; retries on another slot, a per-job slot blocklist, max-time and stall timeouts, verification and atomic
 * storage of every frame, skipping frames the store already holds, approval gate and cancel.
 *
 * <p>Thread model: all state lives on the run's own single thread (the loop). Farm callbacks, cancel and approve
 * post to it, so none of them blocks the caller. Events reach the sink from the loop, in order.
 *
 * <p>The outcome is SUCCEEDED only when every frame of the job is verified and stored; otherwise FAILED with the
 * frames and reason, or CANCELED. Frames stored before a failure or cancel stay stored.
 */
public final class JobRun {
    private static final long TICK_MILLIS = 200;

    private final RenderJob job;
    private final JobProfile profile;
    private final RenderFarm farm;
    private final FrameStore store;
    private final JobEventSink events;
    private final Clock clock;
    private final FrameIntake intake;
    private final ScheduledExecutorService loop;
    private final CompletableFuture<JobResult> completion = new CompletableFuture<>();

    private final Map<Integer, FrameStatus> frames = new LinkedHashMap<>();
    private final Deque<Integer> pending = new ArrayDeque<>();
    private final Deque<Integer> previews = new ArrayDeque<>();
    private final Deque<RetryChunk> retries = new ArrayDeque<>();
    private final Map<Integer, RunningChunk> running = new HashMap<>();
    private final Set<Integer> failedFrames = new HashSet<>();
    private final SlotBook slotBook;
    private final FrameTimer frameTimer = new FrameTimer();

    private volatile JobState state = JobState.QUEUED;
    private long startNanos;
    private int nextChunkId = 1;
    private int done;
    private boolean previewPassOver;
    private boolean approved;
    private String cancelReason;
    private String failureReason;
    private String lastFailure;
    private String lastChunkFailure;

    public JobRun(RenderJob job, RenderFarm farm, FrameStore store, JobEventSink events, Clock clock) {
        this.job = job;
        this.profile = job.profile();
        this.farm = farm;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.slotBook = new SlotBook(profile.blocklistThreshold());
        this.intake = new FrameIntake(job, store, new SampleMaker(store));
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "job-run-" + job.id());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the run; returns at once. */
    public JobRun start() {
        // The tick is scheduled first: begin() may finish the job at once and shut the loop down.
        loop.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        loop.execute(this::begin);
        return this;
    }

    /** Completes when the job reaches a final state. */
    public CompletableFuture<JobResult> completion() {
        return completion;
    }

    public JobState state() {
        return state;
    }

    public RenderJob job() {
        return job;
    }

    /**
     * Cancels the job: queued chunks are dropped, running renderer processes killed, stored frames kept. Idempotent,
     * returns at once; {@link #completion()} then completes with CANCELED.
     */
    public void cancel(String reason) {
        runOnLoop(() -> doCancel(reason == null || reason.isBlank() ? "canceled" : reason));
    }

    /** Lets a job waiting after its preview pass go on to the full-quality frames. */
    public void approve() {
        runOnLoop(() -> {
            approved = true;
            if (state == JobState.AWAITING_APPROVAL) {
                state = JobState.RUNNING;
            }
            dispatch();
        });
    }

    private void runOnLoop(Runnable action) {
        try {
            loop.execute(() -> guarded(action));
        } catch (java.util.concurrent.RejectedExecutionException finished) {
            // The job already ended; cancel and approve after the end have nothing to do.
        }
    }

    private void guarded(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            fail("internal error: " + e);
        }
    }

    private void begin() {
        guarded(() -> {
            startNanos = clock.nanoTime();
            state = JobState.RUNNING;
            job.frames().forEach(f -> frames.put(f, FrameStatus.PENDING));
            emit(EventType.JOB_STARTED, Map.of("frames", job.frames().toString(), "total", job.frames().size(),
                    "renderer", profile.renderer(), "slots", farm.slots().size()));
            skipStoredFrames();
            planPreviews();
            dispatch();
            checkFinished();
        });
    }

    private void skipStoredFrames() {
        Map<Integer, StoredFrame> stored;
        try {
            stored = store.verifiedFrames();
        } catch (IOException e) {
            fail("cannot read the frame store: " + e.getMessage());
            return;
        }
        for (int frame : job.frames()) {
            StoredFrame s = stored.get(frame);
            if (s != null) {
                frames.put(frame, FrameStatus.DONE);
                done++;
                emit(EventType.FRAME_DONE, Map.of("frame", frame, "path", s.location(), "sha256", s.sha256(),
                        "done", done, "total", frames.size(), "skipped", true));
            } else {
                pending.add(frame);
            }
        }
    }

    private void planPreviews() {
        if (!profile.preview().enabled() || pending.isEmpty()) {
            previewPassOver = true;
            approved = true;
            return;
        }
        approved = !profile.preview().awaitApproval();
        previews.addAll(PreviewOrder.of(FrameSet.of(pending), profile.preview().frames()));
        previewPassOver = previews.isEmpty();
    }

    private void tick() {
        guarded(() -> {
            if (state.isFinal()) {
                return;
            }
            long now = clock.nanoTime();
            for (RunningChunk chunk : running.values()) {
                String reason = chunk.timeoutReason(now, profile.maxChunkTime(), profile.stallTimeout());
                if (reason != null) {
                    chunk.kill(reason);
                }
            }
            dispatch();
        });
    }

    private void dispatch() {
        if (state.isFinal() || cancelReason != null || failureReason != null) {
            return;
        }
        List<RenderSlot> slots = farm.slots();
        Set<String> busy = new HashSet<>();
        running.values().forEach(c -> busy.add(c.slot().id()));
        List<RenderSlot> usable = new ArrayList<>();
        for (RenderSlot slot : slots) {
            if (!slotBook.isBlocklisted(slot.id()) && SlotMatcher.match(profile, slot).capable()) {
                usable.add(slot);
            }
        }
        if (usable.isEmpty() && hasWork()) {
            fail(noSlotReason(slots));
            return;
        }
        for (RenderSlot slot : usable) {
            if (slot.status() != SlotStatus.IDLE || busy.contains(slot.id())) {
                continue;
            }
            ChunkPlan next = nextChunkFor(slot, usable);
            if (next == null) {
                continue; // a retry may still be meant for another slot
            }
            if (launch(slot, next)) {
                busy.add(slot.id());
            }
        }
        if (running.isEmpty() && !previewPassOver && previews.isEmpty() && retries.stream().noneMatch(RetryChunk::preview)) {
            endPreviewPass();
        }
    }

    private record ChunkPlan(FrameSet frames, boolean preview, int attempt, Set<String> failedOn) {
    }

    private ChunkPlan nextChunkFor(RenderSlot slot, List<RenderSlot> usable) {
        RetryChunk retry = pickRetry(slot, usable);
        if (retry != null) {
            return new ChunkPlan(retry.frames(), retry.preview(), retry.attempt(), retry.failedOn());
        }
        while (!previews.isEmpty()) {
            int frame = previews.poll();
            if (frames.get(frame) == FrameStatus.PENDING) {
                return new ChunkPlan(FrameSet.of(frame), true, 1, Set.of());
            }
        }
        if (!previewPassOver && !approved) {
            return null;
        }
        if (!approved) {
            return null;
        }
        FrameSet carved = carve(chunkSize(usable.size()));
        return carved.isEmpty() ? null : new ChunkPlan(carved, false, 1, Set.of());
    }

    private RetryChunk pickRetry(RenderSlot slot, List<RenderSlot> usable) {
        for (RetryChunk retry : retries) {
            boolean otherSlotExists = usable.stream().anyMatch(s -> !retry.failedOn().contains(s.id()));
            if (!retry.failedOn().contains(slot.id()) || !otherSlotExists) {
                retries.remove(retry);
                return retry;
            }
        }
        return null;
    }

    private int chunkSize(int slotCount) {
        if (profile.chunkSize() > 0) {
            return profile.chunkSize();
        }
        return ChunkSizer.size(pending.size(), slotCount, frameTimer.secondsPerFrame(), frameTimer.startupSeconds());
    }

    /** Takes up to {@code size} pending frames from the head that form an arithmetic progression. */
    private FrameSet carve(int size) {
        List<Integer> taken = new ArrayList<>();
        while (!pending.isEmpty() && taken.size() < size) {
            int frame = pending.peek();
            if (frames.get(frame) != FrameStatus.PENDING) {
                pending.poll();
                continue;
            }
            if (taken.size() >= 2 && frame - taken.get(taken.size() - 1) != taken.get(1) - taken.get(0)) {
                break;
            }
            taken.add(pending.poll());
        }
        return FrameSet.of(taken);
    }

    private boolean launch(RenderSlot slot, ChunkPlan plan) {
        int chunkId = nextChunkId++;
        Quality quality = plan.preview()
                ? Quality.preview(profile.preview().resolutionPercent(), profile.preview().samples())
                : Quality.FINAL;
        ChunkWork work = new ChunkWork(chunkId, job, plan.frames(), quality, plan.attempt());
        if (!plan.preview()) {
            plan.frames().forEach(f -> frames.put(f, FrameStatus.RENDERING));
        }
        RunningChunk chunk = new RunningChunk(work, slot, plan.failedOn(), clock.nanoTime());
        running.put(chunkId, chunk);
        ChunkExecution execution = farm.start(slot, work, new LoopListener(chunk));
        if (execution == null) {
            running.remove(chunkId);
            giveBack(plan);
            return false;
        }
        emit(EventType.CHUNK_STARTED, Map.of("chunk", chunkId, "frames", plan.frames().toString(), "slot", slot.id(),
                "pass", plan.preview() ? "preview" : "final", "attempt", plan.attempt()));
        chunk.attach(execution);
        return true;
    }

    /** Puts the work of a chunk the farm could not start back where it came from, first in line. */
    private void giveBack(ChunkPlan plan) {
        if (plan.attempt() > 1) {
            retries.addFirst(new RetryChunk(plan.frames(), plan.preview(), plan.attempt(), plan.failedOn()));
        } else if (plan.preview()) {
            previews.addFirst(plan.frames().first());
        } else {
            int[] back = plan.frames().toArray();
            for (int i = back.length - 1; i >= 0; i--) {
                frames.put(back[i], FrameStatus.PENDING);
                pending.addFirst(back[i]);
            }
        }
    }

    /** Moves farm callbacks onto the loop; verification and storage run on the caller's thread first. */
    private final class LoopListener implements ChunkListener {
        private final RunningChunk chunk;

        LoopListener(RunningChunk chunk) {
            this.chunk = chunk;
        }

        @Override
        public void progress(int frame, double fraction) {
            runOnLoop(() -> onProgress(chunk, frame, fraction));
        }

        @Override
        public void frameRendered(int frame, java.nio.file.Path file) {
            if (!chunk.work().frames().contains(frame)) {
                return;
            }
            FrameIntake.Outcome outcome = intake.accept(chunk.work(), frame, file);
            runOnLoop(() -> onFrame(chunk, frame, outcome));
        }

        @Override
        public void finished(String failure) {
            runOnLoop(() -> onChunkFinished(chunk, failure));
        }
    }

    private void onProgress(RunningChunk chunk, int frame, double fraction) {
        long now = clock.nanoTime();
        chunk.sawProgress(now);
        if (!running.containsKey(chunk.work().chunkId()) || !chunk.shouldReportProgress(frame, fraction, now)) {
            return;
        }
        emit(EventType.PROGRESS, Map.of("chunk", chunk.work().chunkId(), "frame", frame,
                "fraction", Math.round(fraction * 1000) / 1000.0, "done", done, "total", frames.size()));
    }

    private void onFrame(RunningChunk chunk, int frame, FrameIntake.Outcome outcome) {
        chunk.sawProgress(clock.nanoTime());
        if (outcome.error() != null) {
            chunk.recordBadFrame(frame, outcome.error());
            return;
        }
        if (outcome.sample() != null) {
            emit(EventType.SAMPLE, Map.of("frame", frame, "kind", outcome.sampleKind(), "path", outcome.sample()));
        }
        if (outcome.stored() == null) {
            chunk.markDone(frame, clock.nanoTime());
            return;
        }
        chunk.markDone(frame, clock.nanoTime());
        if (frames.get(frame) != FrameStatus.DONE) {
            frames.put(frame, FrameStatus.DONE);
            done++;
            StoredFrame s = outcome.stored();
            emit(EventType.FRAME_DONE, Map.of("frame", frame, "path", s.location(), "sha256", s.sha256(),
                    "done", done, "total", frames.size()));
        }
        if (outcome.thumbnail() != null) {
            emit(EventType.SAMPLE, Map.of("frame", frame, "kind", "thumbnail", "path", outcome.thumbnail()));
        }
        if (outcome.contactSheet() != null) {
            emit(EventType.SAMPLE, Map.of("frame", frame, "kind", "contact-sheet", "path", outcome.contactSheet()));
        }
    }

    private void onChunkFinished(RunningChunk chunk, String farmFailure) {
        if (running.remove(chunk.work().chunkId()) == null) {
            return;
        }
        FrameSet missing = chunk.missingFrames();
        String failure = chunk.killReason() != null ? chunk.killReason() : farmFailure;
        if (failure == null && !missing.isEmpty()) {
            failure = chunk.badFrameReason() != null ? chunk.badFrameReason()
                    : "renderer exited without writing frame(s) " + missing;
        }
        if (cancelReason != null || failureReason != null) {
            missing.forEach(f -> frames.computeIfPresent(f, (k, v) -> v == FrameStatus.RENDERING ? FrameStatus.PENDING : v));
        } else if (failure == null) {
            if (!chunk.work().isPreview()) {
                frameTimer.record(chunk.startedNanos(), chunk.doneNanos());
            }
            emit(EventType.CHUNK_FINISHED, Map.of("chunk", chunk.work().chunkId(), "frames", chunk.work().frames().toString()));
        } else {
            handleFailure(chunk, missing, failure);
        }
        dispatch();
        checkFinished();
    }

    private void handleFailure(RunningChunk chunk, FrameSet missing, String failure) {
        String slotId = chunk.slot().id();
        lastChunkFailure = failure;
        boolean willRetry = chunk.work().attempt() <= profile.retries();
        emit(EventType.CHUNK_FAILED, Map.of("chunk", chunk.work().chunkId(), "slot", slotId, "reason", failure,
                "willRetry", willRetry, "frames", missing.toString()));
        if (slotBook.recordFailure(slotId)) {
            emit(EventType.SLOT_BLOCKLISTED, Map.of("slot", slotId, "reason",
                    slotBook.failures(slotId) + " failures in this job, last: " + failure));
        }
        if (missing.isEmpty()) {
            return;
        }
        if (willRetry) {
            Set<String> failedOn = new HashSet<>(chunk.failedOn());
            failedOn.add(slotId);
            if (!chunk.work().isPreview()) {
                missing.forEach(f -> frames.put(f, FrameStatus.PENDING));
            }
            retries.add(new RetryChunk(missing, chunk.work().isPreview(), chunk.work().attempt() + 1, Set.copyOf(failedOn)));
        } else if (!chunk.work().isPreview()) {
            missing.forEach(f -> {
                frames.put(f, FrameStatus.FAILED);
                failedFrames.add(f);
            });
            lastFailure = "frame(s) " + missing + " failed " + chunk.work().attempt() + " times, last: " + failure;
        }
    }

    private void endPreviewPass() {
        previewPassOver = true;
        if (!approved && cancelReason == null) {
            state = JobState.AWAITING_APPROVAL;
            emit(EventType.AWAITING_APPROVAL, Map.of("previews", profile.preview().frames()));
        } else {
            dispatch();
        }
    }

    private boolean hasWork() {
        return !pending.isEmpty() || !retries.isEmpty() || !previews.isEmpty();
    }

    private void checkFinished() {
        if (state.isFinal() || !running.isEmpty()) {
            return;
        }
        if (cancelReason != null) {
            try {
                store.discardPartial();
            } catch (IOException e) {
                // Partial files are scratch; a failure to remove them does not change the outcome.
            }
            finish(JobState.CANCELED, cancelReason);
        } else if (failureReason != null) {
            finish(JobState.FAILED, failureReason);
        } else if (!hasWork() && (previewPassOver || previews.isEmpty())) {
            if (failedFrames.isEmpty() && done == frames.size()) {
                finish(JobState.SUCCEEDED, "");
            } else if (!failedFrames.isEmpty()) {
                finish(JobState.FAILED, lastFailure);
            } else if (pendingInLedger() == 0) {
                finish(JobState.FAILED, (frames.size() - done) + " frame(s) were not rendered");
            }
        }
    }

    private long pendingInLedger() {
        return frames.values().stream().filter(s -> s == FrameStatus.PENDING || s == FrameStatus.RENDERING).count();
    }

    private void doCancel(String reason) {
        if (state.isFinal() || cancelReason != null) {
            return;
        }
        cancelReason = reason;
        emit(EventType.CANCELED, Map.of("reason", reason));
        previews.clear();
        pending.clear();
        retries.clear();
        running.values().forEach(c -> c.kill(reason));
        checkFinished();
    }

    private void fail(String reason) {
        if (state.isFinal() || failureReason != null) {
            return;
        }
        failureReason = reason;
        previews.clear();
        pending.clear();
        retries.clear();
        running.values().forEach(c -> c.kill(reason));
        checkFinished();
    }

    private void finish(JobState finalState, String reason) {
        state = finalState;
        int[] failed = frames.entrySet().stream().filter(e -> e.getValue() != FrameStatus.DONE)
                .mapToInt(Map.Entry::getKey).toArray();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", finalState.name());
        data.put("done", done);
        data.put("total", frames.size());
        data.put("failed", finalState == JobState.SUCCEEDED ? "" : FrameSet.of(failed).toString());
        data.put("reason", reason == null ? "" : reason);
        emit(EventType.JOB_FINISHED, data);
        loop.shutdown();
        completion.complete(new JobResult(finalState, done, frames.size(),
                finalState == JobState.SUCCEEDED ? FrameSet.empty() : FrameSet.of(failed), reason == null ? "" : reason));
    }

    private String noSlotReason(List<RenderSlot> slots) {
        if (slots.isEmpty()) {
            return "no render slot is configured";
        }
        StringBuilder why = new StringBuilder("no slot can render this job: ");
        for (RenderSlot slot : slots) {
            if (slotBook.isBlocklisted(slot.id())) {
                why.append(slot.id()).append(" is blocklisted after ").append(slotBook.failures(slot.id())).append(" failures; ");
            } else {
                why.append(slot.id()).append(": ").append(String.join(", ", SlotMatcher.match(profile, slot).reasons())).append("; ");
            }
        }
        why.setLength(why.length() - 2);
        if (lastChunkFailure != null) {
            why.append("; last failure: ").append(lastChunkFailure);
        }
        return why.toString();
    }

    private void emit(EventType type, Map<String, ?> data) {
        double t = (clock.nanoTime() - startNanos) / 1e9;
        try {
            events.accept(new JobEvent(type, t, job.id(), data));
        } catch (RuntimeException sinkFailure) {
            // A broken consumer (a closed terminal, a dropped SSE client) must not stop the render.
        }
    }

    /** Seconds per frame measured so far, for automatic chunk sizes. */
    public double secondsPerFrame() {
        return frameTimer.secondsPerFrame();
    }

    Duration elapsed() {
        return Duration.ofNanos(clock.nanoTime() - startNanos);
    }
}

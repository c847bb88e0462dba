package io.renderfarm.engine.schedule;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotMatcher;
import io.renderfarm.engine.chunklog.ChunkAttempt;
import io.renderfarm.engine.event.JobEventSink;
import io.renderfarm.engine.farm.CheckedFrame;
import io.renderfarm.engine.farm.ChunkEnd;
import io.renderfarm.engine.farm.ChunkExecution;
import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.farm.RenderFarm;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.plan.ChunkSizer;
import io.renderfarm.engine.plan.PreviewOrder;
import io.renderfarm.engine.render.FailureKind;
import io.renderfarm.engine.render.Quality;
import io.renderfarm.engine.render.SceneOutput;
import io.renderfarm.engine.sample.FrameSamples;
import io.renderfarm.engine.sample.SampleMaker;
import io.renderfarm.engine.store.FrameReceiver;
import io.renderfarm.engine.store.FrameSource;
import io.renderfarm.engine.store.FrameStore;
import io.renderfarm.engine.store.HeldFrames;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.time.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One run of a job on a {@link RenderFarm}: the preview pass, then chunks dispatched concurrently to capable idle
 * slots; retries on another machine, a per-job machine blocklist (a machine the farm lost is not held against it),
 * max-time and stall timeouts (from when a chunk begins, for a farm that queues chunks), verification and atomic
 * storage of every frame, skipping frames the store already holds, approval gate and cancel.
 *
 * <p>Thread model: all state lives on the run's own single thread (the loop). Farm callbacks, cancel and approve
 * post to it, so none of them blocks the caller. Events reach the sink from the loop, in order.
 *
 * <p>The outcome is SUCCEEDED only when every frame of the job is verified and stored; otherwise FAILED with the
 * frames and reason, or CANCELED. Frames stored before a failure or cancel stay stored. Before {@code job-finished}
 * (unless canceled) the final contact sheet and preview movie are made ({@link SampleMaker#finish()}), bounded by
 * {@link #FINAL_SAMPLES_LIMIT}; every {@code progress} event of a final frame carries the remaining seconds
 * ({@link FrameEta}) once a frame was measured.
 *
 * <p>This class is the job's state machine and nothing else: the queue of work ({@link WorkQueue}), frame statuses
 * ({@link FrameLedger}), what failures lead to ({@link FailurePolicy}, {@link SlotBook}), taking frames in
 * ({@link FrameIntake}) and the events ({@link RunEvents}) live in their own classes. What remains (over 400
 * lines) is every transition of that one state machine, kept together on purpose: all of them run on the loop
 * thread and read the same state, and splitting them would spread that single-threaded state across classes.
 */
public final class JobRun {
    private static final long TICK_MILLIS = 200;
    /** The longest the end of a job waits for its final contact sheet and movie. */
    static final java.time.Duration FINAL_SAMPLES_LIMIT = java.time.Duration.ofMinutes(15);

    private final RenderJob job;
    private final JobProfile profile;
    private final RenderFarm farm;
    private final FrameStore store;
    private final RunEvents events;
    private final Clock clock;
    private final FrameIntake intake;
    private final SampleMaker samples;
    private final FrameEta eta = new FrameEta();
    private final ScheduledExecutorService loop;
    private final CompletableFuture<JobResult> completion = new CompletableFuture<>();

    private final FrameLedger ledger;
    private final WorkQueue work;
    private final Map<Integer, RunningChunk> running = new HashMap<>();
    private final SlotBook slotBook;
    private final FrameTimer frameTimer = new FrameTimer();
    private final FailurePolicy failures;
    private final ChunkLogBook logs;

    private volatile JobState state = JobState.QUEUED;
    private int nextChunkId = 1;
    private boolean previewPassOver;
    private boolean approved;
    private String cancelReason;
    private String failureReason;
    private List<String> usableSlots = List.of();
    /** The file names of the final frames this run stored, for samples that arrive after their frame. */
    private final Map<Integer, String> storedNames = new HashMap<>();
    /** Set while the final samples are made; the state the job then finishes in. */
    private JobState finalState;

    private String finalReason;
    private long finalizingSince;

    public JobRun(RenderJob job, RenderFarm farm, FrameStore store, JobEventSink events, Clock clock) {
        this(job, farm, store, events, clock, FrameReceiver.unbounded());
    }

    /**
     * A run whose farm delivers frames checked where they were rendered ({@link ChunkListener#frameChecked}), taken
     * into the store through {@code receiver}: its size limit and concurrency bound every job sharing it.
     */
    public JobRun(
            RenderJob job,
            RenderFarm farm,
            FrameStore store,
            JobEventSink events,
            Clock clock,
            FrameReceiver receiver) {
        this.job = job;
        this.profile = job.profile();
        this.farm = farm;
        this.store = store;
        this.events = new RunEvents(job.id(), events, clock);
        this.clock = clock;
        this.ledger = new FrameLedger(job.frames());
        this.work = new WorkQueue(ledger, this::machineOf);
        this.slotBook = new SlotBook(profile.blocklistThreshold());
        this.failures = new FailurePolicy(profile, slotBook, ledger, work, this.events, this::tellBlocklisted);
        this.samples = new SampleMaker(
                store,
                job.frames(),
                clock,
                (frame, kind, path) -> runOnLoop(() -> this.events.sample(frame, kind, path)));
        this.intake = new FrameIntake(job, store, samples, receiver);
        this.logs = new ChunkLogBook(store, clock);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "job-run-" + job.id());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the run; returns at once. */
    public JobRun start() {
        try {
            farm.prepare(job); // first: a renderer loading the scene overlaps the store check and planning
        } catch (RuntimeException hintFailed) {
            // only a hint: the chunks start the renderers anyway
        }
        // The tick is scheduled first: begin() may finish the job at once and shut the loop down.
        loop.scheduleWithFixedDelay(() -> guarded(this::tick), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        loop.execute(() -> guarded(this::begin));
        return this;
    }

    /**
     * Numbers this run's chunks from {@code first} on instead of 1, so their logs do not replace those of an earlier
     * run of the same job in the same store. Call before {@link #start()}.
     */
    public JobRun numberingChunksFrom(int first) {
        if (first < 1) {
            throw new IllegalArgumentException("chunk numbers start at 1, not " + first);
        }
        nextChunkId = first;
        return this;
    }

    /** The renderer output of a chunk that is running now, so far; empty when it is not running (any more). */
    public Optional<String> liveLog(int chunk) {
        return logs.liveText(chunk);
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

    /**
     * Stops the run because its host is shutting down, not because anyone canceled: running chunks are stopped,
     * no event is sent, nothing is discarded, and {@link #completion()} completes exceptionally with a
     * {@link java.util.concurrent.CancellationException}. A later run of the same job into the same store skips
     * every frame stored so far. Idempotent, returns at once.
     */
    public void abandon() {
        runOnLoop(() -> {
            if (state.isFinal() || completion.isDone()) {
                return;
            }
            work.clear();
            farm.wants(job, Set.of());
            logs.close();
            running.values().forEach(c -> c.kill("host shutting down"));
            samples.close();
            loop.shutdown();
            completion.completeExceptionally(
                    new java.util.concurrent.CancellationException("abandoned: host shutting down"));
        });
    }

    private void runOnLoop(Runnable action) {
        try {
            loop.execute(() -> guarded(action));
        } catch (RejectedExecutionException finished) {
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
        state = JobState.RUNNING;
        events.started(
                job.frames().toString(),
                ledger.total(),
                profile.renderer(),
                farm.slots().size());
        skipStoredFrames();
        planPreviews();
        dispatch();
        checkFinished();
    }

    private void skipStoredFrames() {
        HeldFrames stored;
        try {
            stored = HeldFrames.of(job.frames(), store, profile.format().format());
        } catch (IOException e) {
            fail("cannot read the frame store: " + e.getMessage());
            return;
        }
        for (int frame : job.frames()) {
            StoredFrame s = stored.held().get(frame);
            if (s == null) {
                work.addPending(frame);
            } else {
                ledger.markDone(frame);
                events.frameDone(s, null, ledger.done(), ledger.total(), true);
            }
        }
    }

    private void planPreviews() {
        if (!profile.preview().enabled() || work.pendingCount() == 0) {
            previewPassOver = true;
            approved = true;
            return;
        }
        approved = !profile.preview().awaitApproval();
        List<Integer> previews =
                PreviewOrder.of(work.pendingFrames(), profile.preview().frames());
        work.addPreviews(previews);
        previewPassOver = previews.isEmpty();
    }

    private void tick() {
        if (state.isFinal()) {
            return;
        }
        long now = clock.nanoTime();
        if (finalState != null && now - finalizingSince > FINAL_SAMPLES_LIMIT.toNanos()) {
            samples.close(); // kills a hung ffmpeg; the worker then skips the rest and completes the future
        }
        for (RunningChunk chunk : running.values()) {
            String reason = chunk.timeoutReason(now, profile.maxChunkTime(), profile.stallTimeout());
            if (reason != null) {
                chunk.kill(reason);
            }
        }
        dispatch();
    }

    private void dispatch() {
        if (state.isFinal() || cancelReason != null || failureReason != null) {
            return;
        }
        List<RenderSlot> slots = farm.slots();
        List<RenderSlot> usable = new ArrayList<>();
        for (RenderSlot slot : slots) {
            if (!slotBook.isBlocklisted(machineOf(slot))
                    && SlotMatcher.matchCapabilities(profile, slot).capable()) {
                usable.add(slot); // an offline one may come back, so the job waits rather than fails
            }
        }
        usableSlots = usable.stream().map(RenderSlot::id).toList();
        if (usable.isEmpty() && work.hasWork()) {
            fail(slotBook.whyNoSlot(profile, slots, this::machineOf, failures.lastFailure()));
            return;
        }
        Set<String> busy = new HashSet<>();
        running.values().forEach(c -> busy.add(c.slot().id()));
        claimSlots(usable);
        for (RenderSlot slot : usable) {
            if (!slot.status().takesWork() || busy.contains(slot.id())) {
                continue;
            }
            WorkQueue.ChunkPlan next = work.nextFor(slot, usable, approved, chunkSize(usable.size()));
            if (next != null && launch(slot, next, usable.size())) {
                busy.add(slot.id());
            }
        }
        claimSlots(usable);
        if (running.isEmpty() && !previewPassOver && !work.hasPreviewWork()) {
            endPreviewPass();
        }
    }

    /**
     * Tells the farm which slots this run would start a chunk on, for a farm other jobs share: every usable one while
     * work waits, its own busy slots included, since those fall free before this loop hears of it.
     */
    private void claimSlots(List<RenderSlot> usable) {
        Set<String> wanted = new HashSet<>();
        if (work.hasStartableWork(approved)) {
            usable.forEach(slot -> wanted.add(slot.id()));
        }
        farm.wants(job, wanted);
    }

    private int chunkSize(int slotCount) {
        if (profile.chunkSize() > 0) {
            return profile.chunkSize();
        }
        return ChunkSizer.size(
                work.pendingCount(), slotCount, frameTimer.secondsPerFrame(), frameTimer.startupSeconds());
    }

    private boolean launch(RenderSlot slot, WorkQueue.ChunkPlan plan, int usableSlots) {
        int chunkId = nextChunkId;
        Quality quality = plan.preview()
                ? Quality.preview(
                        profile.preview().resolutionPercent(), profile.preview().samples())
                : Quality.FINAL;
        // Fewer final frames wait than there are slots: slots will fall idle while this chunk renders.
        boolean tail = !plan.preview() && work.queuedFinalFrames() < usableSlots;
        ChunkWork chunkWork = new ChunkWork(chunkId, job, plan.frames(), quality, plan.attempt(), tail);
        if (!plan.preview()) {
            plan.frames().forEach(f -> ledger.set(f, FrameStatus.RENDERING));
        }
        RunningChunk chunk = new RunningChunk(
                chunkWork, slot, machineOf(slot), plan.failedOn(), clock.nanoTime(), farm.queuesChunks());
        running.put(chunkId, chunk);
        logs.begin(chunkWork, slot); // first: the renderer's lines may come before start() returns
        ChunkExecution execution = farm.start(slot, chunkWork, new LoopListener(chunk));
        if (execution == null) {
            logs.forget(chunkId);
            running.remove(chunkId);
            work.giveBack(plan);
            return false;
        }
        nextChunkId++; // only chunks that started are numbered, so a job's chunks count 1, 2, 3 without gaps
        events.chunkStarted(chunkWork, slot.id());
        chunk.attach(execution);
        return true;
    }

    /** The farm's name for the machine of a slot; a farm that cannot say makes each slot its own machine. */
    private String machineOf(RenderSlot slot) {
        try {
            String machine = farm.machineOf(slot);
            return machine == null || machine.isBlank() ? slot.id() : machine;
        } catch (RuntimeException e) {
            return slot.id();
        }
    }

    private void tellBlocklisted(String machine) {
        try {
            farm.blocklisted(machine);
        } catch (RuntimeException ignored) {
            // only a hint: the job run itself no longer starts chunks on that machine's slots
        }
    }

    /** Moves farm callbacks onto the loop; verification and storage run on the caller's thread first. */
    private final class LoopListener implements ChunkListener {
        private final RunningChunk chunk;

        LoopListener(RunningChunk chunk) {
            this.chunk = chunk;
        }

        @Override
        public void started() {
            startedOn(null);
        }

        @Override
        public void startedOn(String machine) {
            // On the farm's thread, before any of the renderer's lines: the log says where and from when it ran.
            logs.began(chunk.work().chunkId(), chunk.whereOn(machine));
            runOnLoop(() -> chunk.began(clock.nanoTime(), machine));
        }

        @Override
        public void progress(int frame, double fraction) {
            runOnLoop(() -> onProgress(chunk, frame, fraction));
        }

        @Override
        public void frameRendered(int frame, Path file) {
            if (!chunk.work().frames().contains(frame)) {
                return;
            }
            FrameIntake.Outcome outcome = intake.accept(chunk.work(), frame, file);
            runOnLoop(() -> onFrame(chunk, frame, outcome));
        }

        @Override
        public void frameChecked(int frame, CheckedFrame checked, FrameSource bytes) {
            if (!chunk.work().frames().contains(frame)) {
                return;
            }
            FrameIntake.Outcome outcome = intake.acceptChecked(chunk.work(), frame, checked, bytes);
            runOnLoop(() -> onFrame(chunk, frame, outcome));
        }

        @Override
        public void frameRefused(int frame, String reason) {
            if (chunk.work().frames().contains(frame)) {
                runOnLoop(() -> onFrame(chunk, frame, FrameIntake.Outcome.refused(reason)));
            }
        }

        @Override
        public void frameSamples(int frame, FrameSamples made) {
            if (chunk.work().frames().contains(frame) && !chunk.work().isPreview() && made != null) {
                runOnLoop(() -> onLateSamples(frame, made));
            }
        }

        @Override
        public void sceneOutput(SceneOutput output) {
            samples.sceneOutput(output);
        }

        @Override
        public void finished(String failure) {
            finished(ChunkEnd.of(failure));
        }

        @Override
        public void output(String line) {
            logs.output(chunk.work().chunkId(), line);
        }

        @Override
        public void finished(ChunkEnd end) {
            ended(end, true);
        }

        @Override
        public void lost(String reason) {
            ended(
                    ChunkEnd.failed(
                            reason == null || reason.isBlank() ? "the machine was lost" : reason,
                            FailureKind.SLOT,
                            -1,
                            null),
                    false);
        }

        private void ended(ChunkEnd end, boolean machineAtFault) {
            // Kept on the farm's thread, as frames are: a slow store must not hold up the loop.
            ChunkAttempt attempt = logs.end(chunk.work().chunkId(), end);
            runOnLoop(() -> onChunkFinished(chunk, end, attempt, machineAtFault));
        }
    }

    private void onProgress(RunningChunk chunk, int frame, double fraction) {
        long now = clock.nanoTime();
        chunk.sawProgress(now);
        if (!running.containsKey(chunk.work().chunkId())) {
            return;
        }
        if (!chunk.work().isPreview()) {
            eta.progress(frame, fraction);
        }
        if (!chunk.shouldReportProgress(frame, fraction, now)) {
            return;
        }
        events.progress(
                chunk.work().chunkId(),
                frame,
                fraction,
                ledger.done(),
                ledger.total(),
                eta.remainingSeconds(ledger.total() - ledger.done(), usableSlots));
    }

    private void onFrame(RunningChunk chunk, int frame, FrameIntake.Outcome outcome) {
        long now = clock.nanoTime();
        chunk.sawProgress(now);
        if (outcome.error() != null) {
            chunk.recordBadFrame(frame, outcome.error());
            return;
        }
        if (outcome.stored() != null) {
            eta.frameDone(chunk.slot().id(), frame, (now - chunk.lastDoneNanos()) / 1e9);
        }
        chunk.markDone(frame, now);
        if (outcome.sample() != null) {
            events.sample(frame, outcome.sampleKind(), outcome.sample());
        }
        if (outcome.stored() != null && ledger.markDone(frame)) {
            events.frameDone(outcome.stored(), outcome.verified(), ledger.done(), ledger.total(), false);
            storedNames.put(frame, outcome.name());
            samples.queue(outcome.samples()); // after frame-done, so a frame is announced before its thumbnail
        }
    }

    /** Samples a render host made after delivering the frame: only for a frame this run stored. */
    private void onLateSamples(int frame, FrameSamples made) {
        String name = storedNames.get(frame);
        if (name != null && !state.isFinal()) {
            samples.queue(samples.prepare(frame, name, made));
        }
    }

    /** @param machineAtFault false when the farm lost the machine: a failure, but not one held against it */
    private void onChunkFinished(RunningChunk chunk, ChunkEnd end, ChunkAttempt attempt, boolean machineAtFault) {
        if (running.remove(chunk.work().chunkId()) == null) {
            return;
        }
        FrameSet missing = chunk.missingFrames();
        eta.chunkEnded(chunk.work().frames());
        FailurePolicy.Failure failure = failureOf(chunk, end, missing);
        boolean atFault = machineAtFault || chunk.killReason() != null;
        String jobFailure = null;
        if (cancelReason != null || failureReason != null) {
            ledger.release(missing);
            logged(attempt, "killed", chunk.killReason() != null ? chunk.killReason() : end.failure(), null);
        } else if (failure == null) {
            if (!chunk.work().isPreview()) {
                frameTimer.record(chunk.startedNanos(), chunk.doneNanos());
            }
            events.chunkFinished(chunk.work());
            logged(attempt, "succeeded", null, null);
        } else {
            jobFailure = failures.chunkFailed(chunk, missing, failure, atFault);
            logged(attempt, "failed", failure.message(), failure.kind());
        }
        if (jobFailure != null) {
            fail(jobFailure); // after the attempt's log event: failing may finish the job at once
        }
        dispatch();
        checkFinished();
    }

    private void logged(ChunkAttempt attempt, String state, String reason, FailureKind kind) {
        if (attempt != null) {
            events.chunkLog(attempt, state, reason, kind);
        }
    }

    /**
     * Why a chunk failed, or null when it delivered everything: the job's own kill (a timeout) is the slot's, the
     * farm's report says itself whose fault it is, and frames missing or refused without a word are of unknown cause.
     */
    private static FailurePolicy.Failure failureOf(RunningChunk chunk, ChunkEnd end, FrameSet missing) {
        if (chunk.killReason() != null) {
            return FailurePolicy.Failure.slot(chunk.killReason());
        }
        if (!end.succeeded()) {
            return new FailurePolicy.Failure(end.failure(), end.kind(), end.frame());
        }
        if (missing.isEmpty()) {
            return null;
        }
        return new FailurePolicy.Failure(
                chunk.badFrameReason() != null
                        ? chunk.badFrameReason()
                        : "renderer exited without writing frame(s) " + missing,
                FailureKind.UNKNOWN,
                missing.first());
    }

    private void endPreviewPass() {
        previewPassOver = true;
        if (!approved && cancelReason == null) {
            state = JobState.AWAITING_APPROVAL;
            events.awaitingApproval(profile.preview().frames());
        } else {
            dispatch();
        }
    }

    private void checkFinished() {
        if (state.isFinal() || !running.isEmpty() || finalState != null) {
            return;
        }
        if (cancelReason != null) {
            discardPartial();
            finish(JobState.CANCELED, cancelReason);
        } else if (failureReason != null) {
            finishAfterSamples(JobState.FAILED, failureReason);
        } else if (!work.hasWork()) {
            if (ledger.done() == ledger.total()) {
                finishAfterSamples(JobState.SUCCEEDED, "");
            } else if (ledger.failedCount() > 0) {
                finishAfterSamples(JobState.FAILED, failures.exhaustedReason());
            } else {
                finishAfterSamples(JobState.FAILED, (ledger.total() - ledger.done()) + " frame(s) were not rendered");
            }
        }
    }

    /** The outcome is known: the final contact sheet and movie first (their events precede job-finished). */
    private void finishAfterSamples(JobState outcome, String reason) {
        finalState = outcome;
        finalReason = reason;
        finalizingSince = clock.nanoTime();
        samples.finish().whenComplete((made, error) -> runOnLoop(() -> finish(finalState, finalReason)));
    }

    private void discardPartial() {
        try {
            store.discardPartial();
        } catch (IOException e) {
            // Partial files are scratch; a failure to remove them does not change the outcome.
        }
    }

    private void doCancel(String reason) {
        if (state.isFinal() || cancelReason != null) {
            return;
        }
        if (finalState != null) {
            samples.close(); // every frame is in already: the job ends as it was going to, without its last samples
            return;
        }
        cancelReason = reason;
        events.canceled(reason);
        stopEverything(reason);
    }

    private void fail(String reason) {
        if (state.isFinal() || failureReason != null) {
            return;
        }
        failureReason = reason;
        stopEverything(reason);
    }

    private void stopEverything(String reason) {
        work.clear();
        farm.wants(job, Set.of());
        running.values().forEach(c -> c.kill(reason));
        checkFinished();
    }

    private void finish(JobState outcome, String reason) {
        if (state.isFinal()) {
            return;
        }
        state = outcome;
        farm.wants(job, Set.of());
        samples.close();
        FrameSet failed = outcome == JobState.SUCCEEDED ? FrameSet.empty() : ledger.notDone();
        String why = reason == null ? "" : reason;
        events.finished(outcome, ledger.done(), ledger.total(), failed, why);
        loop.shutdown();
        completion.complete(new JobResult(outcome, ledger.done(), ledger.total(), failed, why));
    }
}

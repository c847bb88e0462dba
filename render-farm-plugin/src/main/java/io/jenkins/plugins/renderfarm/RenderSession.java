package io.jenkins.plugins.renderfarm;

import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.renderfarm.farm.AgentExecutorFarm;
import io.jenkins.plugins.renderfarm.farm.JobFiles;
import io.jenkins.plugins.renderfarm.progress.BuildEventSink;
import io.jenkins.plugins.renderfarm.progress.ProgressLedger;
import io.jenkins.plugins.renderfarm.progress.RenderProgressAction;
import io.jenkins.plugins.renderfarm.store.ArtifactFrameStore;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.schedule.Clock;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.schedule.JobRun;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One controller session of a render: the engine's {@link JobRun} wired to the Jenkins ports (agent executors,
 * build artifacts, the build's action and log). Not persisted; a restart opens a new session on the same build.
 * Holds no logic of its own beyond choosing where the job's files come from.
 */
final class RenderSession {
    private final JobRun jobRun;
    private final AgentExecutorFarm farm;
    private final ArtifactFrameStore store;
    private final BuildEventSink sink;
    private final ProgressLedger ledger;
    private volatile boolean detached;

    private RenderSession(JobRun jobRun, AgentExecutorFarm farm, ArtifactFrameStore store, BuildEventSink sink, ProgressLedger ledger) {
        this.jobRun = jobRun;
        this.farm = farm;
        this.store = store;
        this.sink = sink;
        this.ledger = ledger;
    }

    static RenderSession open(RenderSpec spec, Run<?, ?> run, TaskListener listener, FilePath workspace, boolean resumed,
                              Consumer<JobResult> onEnd) throws IOException, InterruptedException {
        RenderProgressAction action = RenderProgressAction.find(run, spec.actionIndex);
        if (action == null) {
            throw new IOException("the build has no record of render " + spec.actionIndex + "; it cannot continue");
        }
        File dir = new File(run.getRootDir(), "renderfarm/" + spec.jobId);
        File filesDir = new File(dir, "files");
        JobFiles files = spec.sharedStorage ? JobFiles.shared(spec.scene)
                : resumed ? JobFiles.existing(filesDir, spec.scene)
                : JobFiles.snapshot(workspace, spec.scene, spec.assets, filesDir, listener);
        if (resumed) {
            action.getLedger().resumed();
            listener.getLogger().println("[render] resuming after a controller restart; archived frames are kept");
        }
        Path incoming = dir.toPath().resolve("incoming");
        ArtifactFrameStore store = new ArtifactFrameStore(run, listener, spec.artifactDir, action, incoming);
        // Chunk ids restart at 1 in a resumed session; the random part keeps agent-side keys distinct anyway.
        String keyPrefix = spec.jobKey + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        AgentExecutorFarm farm = new AgentExecutorFarm(run, spec.labelExpression, files, spec.jobKey, keyPrefix,
                spec.profile().threadsPerSlot(), dir.toPath().resolve("fetched"));
        BuildEventSink sink = new BuildEventSink(action, listener);
        listener.getLogger().println("[render] " + spec.scene + ", frames " + spec.frames + ", on agents matching "
                + spec.labelExpression);
        JobRun jobRun = new JobRun(spec.toRenderJob(), farm, store, sink, Clock.SYSTEM);
        RenderSession session = new RenderSession(jobRun, farm, store, sink, action.getLedger());
        jobRun.completion().whenComplete((result, error) -> session.ended(result, error, onEnd));
        jobRun.start();
        return session;
    }

    private void ended(JobResult result, Throwable error, Consumer<JobResult> onEnd) {
        farm.close();
        if (!detached) {
            farm.cleanUp();
        }
        onEnd.accept(result != null ? result
                : new JobResult(JobState.FAILED, 0, 0, FrameSet.empty(), "internal error: " + error));
    }

    /** Cancels the render: queued chunks leave the queue, renderers are killed. Returns at once. */
    void cancel(String reason) {
        jobRun.cancel(reason);
    }

    /** Stops this session for a controller shutdown without recording anything more in the build. */
    void detach() {
        detached = true;
        sink.detach();
        store.close();
        farm.close();
        jobRun.cancel("the controller is shutting down");
    }

    String status() {
        return ledger.getState().toLowerCase(Locale.ROOT) + ": " + ledger.getDone() + "/" + ledger.getTotal() + " frames archived";
    }
}

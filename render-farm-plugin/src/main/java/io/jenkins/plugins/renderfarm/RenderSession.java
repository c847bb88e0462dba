package io.jenkins.plugins.renderfarm;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.renderfarm.farm.AgentExecutorFarm;
import io.jenkins.plugins.renderfarm.farm.BuildIdentity;
import io.jenkins.plugins.renderfarm.farm.JobFiles;
import io.jenkins.plugins.renderfarm.progress.BuildEventSink;
import io.jenkins.plugins.renderfarm.progress.RenderProgressAction;
import io.jenkins.plugins.renderfarm.site.DelegatedJobAction;
import io.jenkins.plugins.renderfarm.store.ArtifactFrameStore;
import io.jenkins.plugins.renderfarm.store.ControllerIntake;
import io.renderfarm.engine.event.JobEventSink;
import io.renderfarm.engine.event.JobProgress;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.schedule.JobRun;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One controller session of a render on this controller's agents: the engine's {@link JobRun} wired to the
 * Jenkins ports (agent executors, build artifacts, the build's action and log, and for a job another controller
 * delegated here, the site protocol's event log). Not persisted; a restart opens a new session on the same build.
 */
final class RenderSession implements RenderHandle {
    private final JobRun jobRun;
    private final AgentExecutorFarm farm;
    private final ArtifactFrameStore store;
    private final BuildEventSink sink;
    private final JobProgress progress;
    private volatile boolean detached;
    /** Beside the job files' snapshot (not in it): written once the snapshot is complete. */
    static final String SNAPSHOT_COMPLETE = "files.complete";

    private RenderSession(JobRun jobRun, AgentExecutorFarm farm, ArtifactFrameStore store, BuildEventSink sink, JobProgress progress) {
        this.jobRun = jobRun;
        this.farm = farm;
        this.store = store;
        this.sink = sink;
        this.progress = progress;
    }

    /**
     * Where the job's files come from: shared storage, a delegated job's folder, the snapshot or the workspace. A
     * snapshot is marked complete once taken (the marker written last, beside it, so it is not copied to agents);
     * after a restart only a complete one is used. A shared-storage scene sent to a remote controller is copied the
     * same way first, on an agent of the profile that sees it.
     */
    static JobFiles files(RenderSpec spec, Run<?, ?> run, TaskListener listener, FilePath workspace, boolean resumed,
                          boolean remote) throws IOException, InterruptedException {
        if (spec.sharedStorage && !remote) {
            return JobFiles.shared(spec.scene);
        }
        if (spec.filesDir != null) {
            return JobFiles.existing(new File(spec.filesDir), spec.scene);
        }
        File filesDir = new File(dir(spec, run), "files");
        Path complete = new File(dir(spec, run), SNAPSHOT_COMPLETE).toPath();
        if (resumed) {
            if (spec.marksSnapshot && !Files.exists(complete)) {
                throw new AbortException("the controller restarted while it was still copying the job files, so the"
                        + " copy kept for this render is incomplete; run the build again");
            }
            return JobFiles.existing(filesDir, spec.scene);
        }
        Files.deleteIfExists(complete);
        JobFiles files = spec.sharedStorage
                ? JobFiles.sharedSnapshot(JobFiles.sharedStorageReader(spec.labelExpression), spec.scene, spec.assets,
                        filesDir, listener)
                : JobFiles.snapshot(workspace, spec.scene, spec.assets, filesDir, listener);
        Files.writeString(complete, "complete\n", StandardCharsets.UTF_8);
        return files;
    }

    static File dir(RenderSpec spec, Run<?, ?> run) {
        return new File(run.getRootDir(), "renderfarm/" + spec.jobId);
    }

    static RenderSession open(RenderSpec spec, Run<?, ?> run, TaskListener listener, RenderProgressAction action,
                              JobFiles files, BuildIdentity identity, boolean resumed, Consumer<JobResult> onEnd)
            throws IOException {
        if (resumed) {
            action.getProgress().resumed();
            listener.getLogger().println("[render] resuming after a controller restart; archived frames are kept");
        }
        Path dir = dir(spec, run).toPath();
        ArtifactFrameStore store = new ArtifactFrameStore(run, listener, spec.artifactDir, action, dir.resolve("incoming"));
        // Chunk ids restart at 1 in a resumed session; the random part keeps agent-side keys distinct anyway.
        String keyPrefix = spec.jobKey + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        AgentExecutorFarm farm = new AgentExecutorFarm(run, spec.labelExpression, spec.profile(), spec.cloudRequests,
                identity, files, spec.jobKey, keyPrefix, listener);
        BuildEventSink sink = new BuildEventSink(action, listener);
        JobEventSink events = spec.siteJobId == null ? sink : sink.andThen(DelegatedJobAction.siteLog(run, spec.siteJobId));
        listener.getLogger().println("[render] " + spec.scene + ", frames " + spec.frames + ", on agents matching "
                + spec.labelExpression);
        JobRun jobRun = new JobRun(spec.toRenderJob(), farm, store, events, Clock.SYSTEM, ControllerIntake.receiver());
        RenderSession session = new RenderSession(jobRun, farm, store, sink, action.getProgress());
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
    @Override
    public void cancel(String reason) {
        jobRun.cancel(reason);
    }

    @Override
    public void detach() {
        detached = true;
        sink.detach();
        store.close();
        farm.close();
        jobRun.cancel("the controller is shutting down");
    }

    @Override
    public String status() {
        return progress.getState().toLowerCase(Locale.ROOT) + ": " + progress.getDone() + "/" + progress.getTotal() + " frames archived";
    }
}

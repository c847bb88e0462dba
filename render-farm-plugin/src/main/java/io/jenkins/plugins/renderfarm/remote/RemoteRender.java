package io.jenkins.plugins.renderfarm.remote;

import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.renderfarm.RenderHandle;
import io.jenkins.plugins.renderfarm.farm.JobFiles;
import io.jenkins.plugins.renderfarm.progress.BuildEventSink;
import io.jenkins.plugins.renderfarm.progress.RenderProgressAction;
import io.jenkins.plugins.renderfarm.store.ArtifactFrameStore;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.site.bundle.Bundle;
import io.renderfarm.engine.site.delegation.RemoteDelegation;
import io.renderfarm.engine.site.client.RemoteSite;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A render sent to a remote controller, seen through by the engine's {@link RemoteDelegation}: the job's files
 * (the copy {@link JobFiles} took on the agent that holds them, never a path read on the controller) go
 * content-addressed, the remote's events, samples and progress arrive on this build's page and log, every frame
 * comes back verified by checksum into this build's artifacts, and a cancel reaches the remote job. The remote job
 * id and the last event shown are recorded in the build's {@link RenderProgressAction}, so after a controller
 * restart the render re-attaches instead of sending the job again. The remote's signed completion notice arrives
 * through {@link CallbackAction}.
 */
public final class RemoteRender implements RenderHandle {
    private final RemoteDelegation delegation;
    private final BuildEventSink sink;
    private final ArtifactFrameStore store;
    private final RenderProgressAction action;
    private final String callbackKey;

    private RemoteRender(RemoteDelegation delegation, BuildEventSink sink, ArtifactFrameStore store,
                         RenderProgressAction action, String callbackKey) {
        this.delegation = delegation;
        this.sink = sink;
        this.store = store;
        this.action = action;
        this.callbackKey = callbackKey;
    }

    /** What {@link #open} needs about the render; plain values from the step's persisted spec. */
    public record Spec(String jobId, String jobKey, String frames, String outputPrefix, String artifactDir,
                       JobProfile profile, File dir) {
    }

    /**
     * Starts (or, after a restart, re-attaches to) the remote job; returns at once.
     *
     * @param callbackKey the key the remote signs its completion notice with; null sends no callback URL
     */
    public static RemoteRender open(Spec spec, RemoteSite site, String remoteName, Run<?, ?> run, TaskListener listener,
                                    RenderProgressAction action, JobFiles files, boolean resumed, URI callbackUrl,
                                    String callbackKey, Consumer<JobResult> onEnd) throws IOException {
        Bundle bundle = files.bundle();
        Path dir = spec.dir().toPath();
        ArtifactFrameStore store = new ArtifactFrameStore(run, listener, spec.artifactDir(), action, dir.resolve("incoming"));
        BuildEventSink sink = new BuildEventSink(action, listener);
        RemoteDelegation.Job job = new RemoteDelegation.Job(spec.jobId(), run.getFullDisplayName(), bundle,
                FrameSet.parse(spec.frames()), ProfileReader.toJson(spec.profile()),
                OutputNaming.withPrefix(spec.outputPrefix()), spec.profile().renderer(),
                callbackKey == null ? null : callbackUrl, callbackKey);
        RemoteDelegation.Journal journal = new RemoteDelegation.Journal() {
            @Override
            public void submitted(String remoteJobId) {
                action.remoteSubmitted(remoteName, remoteJobId);
                listener.getLogger().println("[render] " + site.name() + " accepted the job as " + remoteJobId);
            }

            @Override
            public void relayed(long remoteEventId) {
                action.remoteRelayed(remoteEventId);
            }
        };
        RemoteDelegation delegation = new RemoteDelegation(site, job, store, dir.resolve("remote"), sink, journal,
                RemoteDelegation.Settings.DEFAULTS);
        RemoteRender render = new RemoteRender(delegation, sink, store, action, callbackKey);
        CallbackAction.register(spec.jobKey(), render); // before the job is sent, so no notice can come too early
        delegation.completion().whenComplete((result, error) -> {
            CallbackAction.unregister(spec.jobKey());
            if (result != null) {
                files.deleteSnapshot(); // not after abandon(): a resumed render sends from the snapshot again
            }
            onEnd.accept(result != null ? result : new JobResult(JobState.FAILED, action.getProgress().getDone(), 0,
                    FrameSet.empty(), "remote render ended: " + error));
        });
        if (resumed) {
            listener.getLogger().println("[render] re-attaching to the remote job on " + site.name());
            delegation.resume(action.getRemoteJobId(), action.getRemoteEventId());
        } else {
            listener.getLogger().println("[render] sending " + bundle.entries().size() + " job file(s), "
                    + bundle.totalBytes() + " bytes, content-addressed to " + site.name());
            delegation.start();
        }
        return render;
    }

    /** The key the remote signs this job's completion notice with. */
    String callbackKey() {
        return callbackKey;
    }

    /** The remote's id of the job, once it accepted it; null before. */
    String remoteJobId() {
        return action.getRemoteJobId();
    }

    /** A verified completion notice arrived: look at the remote job now. */
    void wake() {
        delegation.wake();
    }

    @Override
    public void cancel(String reason) {
        delegation.cancel(reason);
    }

    @Override
    public void detach() {
        sink.detach();
        store.close();
        delegation.abandon();
    }

    @Override
    public String status() {
        return "remote " + action.getProgress().getState().toLowerCase(Locale.ROOT) + ": "
                + action.getProgress().getDone() + "/" + action.getProgress().getTotal() + " frames archived";
    }
}

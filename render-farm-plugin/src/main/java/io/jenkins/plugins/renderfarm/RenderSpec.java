package io.jenkins.plugins.renderfarm;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.site.api.Where;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a render decided when it started, in the form the step execution keeps across a controller restart:
 * strings and numbers only (the profile as the engine's JSON), so a later change to the global configuration
 * cannot change a render half way through. A plain class rather than a record because Pipeline persists step
 * executions with JBoss Marshalling, which does not construct records.
 */
final class RenderSpec implements Serializable {
    private static final long serialVersionUID = 2L;

    /** The engine's job id, unique on this controller. */
    final String jobId;
    /** Names the job's folders on agents and its callback URL; stable across restarts. */
    final String jobKey;
    /** Which {@code RenderProgressAction} of the build belongs to this call. */
    final int actionIndex;
    /** Relative to the workspace (or to {@link #filesDir}), or absolute on every agent when {@link #sharedStorage}. */
    final String scene;
    final String frames;
    final String outputPrefix;
    final String artifactDir;
    final String assets;
    final String profileJson;
    final String labelExpression;
    final boolean sharedStorage;
    /** {@code local}, {@code remote} or {@code auto}. */
    final String where;
    /** The remote controller to use for remote and auto; empty for the first configured one. */
    final String remote;
    /** A delegated job's files, already on the controller; null when they come from the workspace. */
    final String filesDir;
    /** The job's id on the site protocol when another controller delegated it here; null otherwise. */
    final String siteJobId;
    /**
     * How many chunks may wait for cloud agents at a time. Added after the first release: a render resumed from
     * a step saved before it reads 0 and does not ask clouds, as before.
     */
    final int cloudRequests;
    /**
     * Whether the job files' snapshot is marked complete once taken (see {@code RenderSession.files}). False in a
     * render saved before the mark existed, whose snapshot is trusted as it was then.
     */
    final boolean marksSnapshot;

    RenderSpec(String jobId, String jobKey, int actionIndex, RenderRequest r, String profileJson, String labelExpression,
               boolean sharedStorage, int cloudRequests) {
        this.jobId = jobId;
        this.jobKey = jobKey;
        this.actionIndex = actionIndex;
        this.scene = r.scene;
        this.frames = r.frames;
        this.outputPrefix = r.output;
        this.artifactDir = r.artifactDir;
        this.assets = r.assets;
        this.profileJson = profileJson;
        this.labelExpression = labelExpression;
        this.sharedStorage = sharedStorage;
        this.where = r.where.wireName();
        this.remote = r.remote;
        this.filesDir = r.filesDir;
        this.siteJobId = r.siteJobId;
        this.cloudRequests = cloudRequests;
        this.marksSnapshot = true;
    }

    JobProfile profile() {
        return ProfileReader.parse(profileJson);
    }

    Where whereAsked() {
        return Where.fromWireName(where);
    }

    /** The engine's job; the scene is named by file name only, as each agent resolves it in its own folder. */
    RenderJob toRenderJob() {
        return new RenderJob(jobId, Path.of(scene.substring(scene.lastIndexOf('/') + 1)), FrameSet.parse(frames),
                OutputNaming.withPrefix(outputPrefix), profile(), List.of());
    }
}

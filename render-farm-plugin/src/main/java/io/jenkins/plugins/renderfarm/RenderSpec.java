package io.jenkins.plugins.renderfarm;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.job.RenderJob;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a {@code renderFrames} call decided when it started, in the form the step execution keeps across a
 * controller restart: strings and numbers only (the profile as the engine's JSON), so a later change to the global
 * profiles cannot change a render half way through. A plain class rather than a record because Pipeline persists
 * step executions with JBoss Marshalling, which does not construct records.
 */
final class RenderSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The engine's job id, unique on this controller. */
    final String jobId;
    /** Names the job's folders on agents; stable across restarts. */
    final String jobKey;
    /** Which {@code RenderProgressAction} of the build belongs to this call. */
    final int actionIndex;
    /** Relative to the workspace, or absolute on every agent when {@link #sharedStorage}. */
    final String scene;
    final String frames;
    final String outputPrefix;
    final String artifactDir;
    final String assets;
    final String profileJson;
    final String labelExpression;
    final boolean sharedStorage;

    RenderSpec(String jobId, String jobKey, int actionIndex, String scene, String frames, String outputPrefix,
               String artifactDir, String assets, String profileJson, String labelExpression, boolean sharedStorage) {
        this.jobId = jobId;
        this.jobKey = jobKey;
        this.actionIndex = actionIndex;
        this.scene = scene;
        this.frames = frames;
        this.outputPrefix = outputPrefix;
        this.artifactDir = artifactDir;
        this.assets = assets;
        this.profileJson = profileJson;
        this.labelExpression = labelExpression;
        this.sharedStorage = sharedStorage;
    }

    JobProfile profile() {
        return ProfileReader.parse(profileJson);
    }

    /** The engine's job; the scene is named by file name only, as each agent resolves it in its own folder. */
    RenderJob toRenderJob() {
        return new RenderJob(jobId, Path.of(scene.substring(scene.lastIndexOf('/') + 1)), FrameSet.parse(frames),
                OutputNaming.withPrefix(outputPrefix), profile(), List.of());
    }
}

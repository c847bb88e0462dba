package io.jenkins.plugins.renderfarm;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.renderfarm.config.RenderFarmConfiguration;
import io.jenkins.plugins.renderfarm.config.RenderProfile;
import io.jenkins.plugins.renderfarm.farm.BuildIdentity;
import io.jenkins.plugins.renderfarm.progress.RenderProgressAction;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobPaths;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.job.ProfileReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * The one way a render starts, whichever door it came in by ({@code renderFrames}, a render job, a delegated
 * job): checks the request with the engine's parsers, records a {@link RenderProgressAction} on the build and
 * returns the execution, which acts as whom the build runs as ({@link BuildIdentity}, taken here on the Pipeline's
 * thread). Nothing is queued or sent before every check passed.
 */
final class RenderStart {
    private RenderStart() {
    }

    static StepExecution start(StepContext context, RenderRequest r, String stepName) throws Exception {
        RenderProfile chosen = RenderFarmConfiguration.get().profile(r.profile).orElseThrow(() -> new AbortException(
                stepName + ": no render profile '" + r.profile + "' (Manage Jenkins » System » Render farm)"));
        JobProfile jobProfile;
        String label;
        try {
            FrameSet.parse(r.frames);
            OutputNaming.withPrefix(r.output);
            jobProfile = withPreview(r.submittedProfile != null ? r.submittedProfile : chosen.toJobProfile(), r.preview);
            label = chosen.labelExpressionFor(jobProfile);
            JobPaths.checkOutputFolder(r.artifactDir);
            if (r.filesDir == null) {
                JobPaths.checkScene(r.scene, chosen.isSharedStorage());
            }
        } catch (IllegalArgumentException e) {
            throw new AbortException(stepName + ": " + e.getMessage());
        }
        Run<?, ?> run = context.get(Run.class);
        if (run == null) {
            throw new AbortException(stepName + " runs only in a build");
        }
        RenderProgressAction action = RenderProgressAction.create(run, r.scene, r.profile, r.artifactDir);
        int index = action.getIndex();
        boolean shared = r.filesDir == null && chosen.isSharedStorage();
        RenderSpec spec = new RenderSpec("b" + run.getNumber() + "-r" + index, jobKey(run.getExternalizableId() + "#" + index),
                index, r, ProfileReader.toJson(jobProfile).toString(), label, shared, chosen.getCloudRequests());
        return new RenderFramesExecution(context, spec, BuildIdentity.current());
    }

    /** The profile's preview pass, or the caller's choice: on (the profile's, else the default one) or off. */
    static JobProfile withPreview(JobProfile profile, Boolean preview) {
        if (preview == null) {
            return profile;
        }
        if (!preview) {
            return profile.withPreview(PreviewSettings.OFF);
        }
        return profile.preview().enabled() ? profile : profile.withPreview(PreviewSettings.DEFAULT);
    }

    private static String jobKey(String seed) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest).substring(0, 16);
    }
}

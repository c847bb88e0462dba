package io.jenkins.plugins.renderfarm;

import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.renderfarm.config.RenderFarmConfiguration;
import io.jenkins.plugins.renderfarm.config.RenderProfile;
import io.jenkins.plugins.renderfarm.progress.RenderProgressAction;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.ProfileReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code renderFrames scene: 'shots/sh010.blend', frames: '1-240', profile: 'cycles'}: renders the frames of a
 * scene on the agents matching a configured profile, in chunks through the Jenkins queue, and archives the frames
 * as build artifacts. Works in Scripted and Declarative Pipeline; returns when every frame is archived, fails
 * with the reason otherwise. Inputs are checked here, before anything is queued.
 */
public final class RenderFramesStep extends Step {
    private static final Pattern SAFE_DIR = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");

    private final String scene;
    private final String frames;
    private final String profile;
    private String output = OutputNaming.DEFAULT.prefix();
    private String artifactDir = "renders";
    private String assets = "";

    @DataBoundConstructor
    public RenderFramesStep(String scene, String frames, String profile) {
        this.scene = Util.fixNull(scene).trim();
        this.frames = Util.fixNull(frames).trim();
        this.profile = Util.fixNull(profile).trim();
    }

    public String getScene() {
        return scene;
    }

    public String getFrames() {
        return frames;
    }

    public String getProfile() {
        return profile;
    }

    public String getOutput() {
        return output;
    }

    /** Frame file names are {@code <output><frame, 4 digits>.png}. */
    @DataBoundSetter
    public void setOutput(String output) {
        this.output = Util.fixNull(output).trim();
    }

    public String getArtifactDir() {
        return artifactDir;
    }

    @DataBoundSetter
    public void setArtifactDir(String artifactDir) {
        this.artifactDir = Util.fixNull(artifactDir).trim();
    }

    public String getAssets() {
        return assets;
    }

    @DataBoundSetter
    public void setAssets(String assets) {
        this.assets = Util.fixNull(assets).trim();
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        RenderProfile chosen = RenderFarmConfiguration.get().profile(profile).orElseThrow(() -> new AbortException(
                "renderFrames: no render profile '" + profile + "' (Manage Jenkins » System » Render farm)"));
        JobProfile jobProfile;
        try {
            FrameSet.parse(frames);
            OutputNaming.withPrefix(output);
            jobProfile = chosen.toJobProfile();
        } catch (IllegalArgumentException e) {
            throw new AbortException("renderFrames: " + e.getMessage());
        }
        checkScene(chosen.isSharedStorage());
        if (!SAFE_DIR.matcher(artifactDir).matches() || artifactDir.contains("..")) {
            throw new AbortException("renderFrames: artifactDir '" + artifactDir + "' must be a relative folder such as renders/sh010");
        }
        Run<?, ?> run = context.get(Run.class);
        if (run == null) {
            throw new AbortException("renderFrames runs only in a build");
        }
        RenderProgressAction action = RenderProgressAction.create(run, scene, profile, artifactDir);
        int index = action.getIndex();
        RenderSpec spec = new RenderSpec("b" + run.getNumber() + "-r" + index, jobKey(run.getExternalizableId() + "#" + index),
                index, scene, frames, output, artifactDir, assets, ProfileReader.toJson(jobProfile).toString(),
                chosen.labelExpression(), chosen.isSharedStorage());
        return new RenderFramesExecution(context, spec);
    }

    /** A workspace scene must stay inside the workspace; a shared one must be an absolute path agents can open. */
    private void checkScene(boolean shared) throws AbortException {
        if (scene.isEmpty() || scene.replace('\\', '/').contains("../") || scene.endsWith("..")) {
            throw new AbortException("renderFrames: scene '" + scene + "' must name a scene file without '..'");
        }
        boolean absolute = scene.startsWith("/") || scene.matches("^[A-Za-z]:[\\\\/].*");
        if (shared != absolute) {
            throw new AbortException("renderFrames: profile '" + profile + "' " + (shared
                    ? "reads scenes from shared storage, so the scene must be an absolute path"
                    : "copies scenes from the workspace, so the scene must be a path relative to it"));
        }
    }

    private static String jobKey(String seed) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest).substring(0, 16);
    }

    /**
     * The step's name in Pipeline and its Snippet Generator form. It needs a build and its log; a workspace is
     * taken when there is one (inside {@code node}), as the scene comes from there unless on shared storage.
     */
    @Extension
    @Symbol("renderFrames")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "renderFrames";
        }

        @Override
        public String getDisplayName() {
            return "Render frames on the render farm";
        }

        @Override
        public Set<Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        /** Profile names for the Snippet Generator; only for those who may configure the job (or Jenkins). */
        @POST
        public ListBoxModel doFillProfileItems(@AncestorInPath Item item) {
            ListBoxModel items = new ListBoxModel();
            if (mayConfigure(item)) {
                for (RenderProfile p : RenderFarmConfiguration.get().getProfiles()) {
                    items.add(p.getName());
                }
            }
            return items;
        }

        @POST
        public FormValidation doCheckFrames(@AncestorInPath Item item, @QueryParameter String value) {
            if (!mayConfigure(item)) {
                return FormValidation.ok();
            }
            try {
                return FormValidation.ok(FrameSet.parse(value).size() + " frame(s)");
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
        }

        private static boolean mayConfigure(Item item) {
            return item != null ? item.hasPermission(Item.CONFIGURE) : Jenkins.get().hasPermission(Jenkins.MANAGE);
        }
    }
}

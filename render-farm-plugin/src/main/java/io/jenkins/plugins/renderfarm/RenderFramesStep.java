package io.jenkins.plugins.renderfarm;

import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.renderfarm.config.RenderForms;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.site.api.Where;
import java.util.Set;
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
 * with the reason otherwise. With {@code where: 'remote'} or {@code 'auto'} a configured remote controller may
 * render it instead (see {@link RenderFramesExecution}). Inputs are checked by {@link RenderStart} before anything
 * is queued or sent.
 */
public final class RenderFramesStep extends Step {
    private final String scene;
    private final String frames;
    private final String profile;
    private String output = OutputNaming.DEFAULT.prefix();
    private String artifactDir = "renders";
    private String assets = "";
    private String where = "local";
    private String remote = "";
    private Boolean preview;

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

    public String getWhere() {
        return where;
    }

    /** {@code local} (default), {@code remote} or {@code auto}; see {@link io.renderfarm.engine.site.placement.SitePlacement}. */
    @DataBoundSetter
    public void setWhere(String where) {
        this.where = RenderForms.where(where);
    }

    public String getRemote() {
        return remote;
    }

    /** The remote controller's name; empty for the first one configured. */
    @DataBoundSetter
    public void setRemote(String remote) {
        this.remote = Util.fixNull(remote).trim();
    }

    public Boolean getPreview() {
        return preview;
    }

    /** Unset keeps the profile's preview pass; true runs one, false skips it. */
    @DataBoundSetter
    public void setPreview(Boolean preview) {
        this.preview = preview;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        RenderRequest r = new RenderRequest();
        r.scene = scene;
        r.frames = frames;
        r.profile = profile;
        r.output = output;
        r.artifactDir = artifactDir;
        r.assets = assets;
        r.remote = remote;
        r.preview = preview;
        try {
            r.where = Where.fromWireName(where);
        } catch (IllegalArgumentException e) {
            throw new AbortException("renderFrames: " + e.getMessage());
        }
        return RenderStart.start(context, r, "renderFrames");
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
            return Set.of(hudson.model.Run.class, TaskListener.class);
        }

        /** Where the render may go, for the Snippet Generator. */
        @POST
        public ListBoxModel doFillWhereItems(@AncestorInPath Item item) {
            return RenderForms.whereItems(mayConfigure(item));
        }

        /** Remote controller names, for those who may configure the job (or Jenkins). */
        @POST
        public ListBoxModel doFillRemoteItems(@AncestorInPath Item item) {
            return RenderForms.remoteItems(mayConfigure(item));
        }

        /** Profile names for the Snippet Generator; only for those who may configure the job (or Jenkins). */
        @POST
        public ListBoxModel doFillProfileItems(@AncestorInPath Item item) {
            return RenderForms.profileItems(mayConfigure(item));
        }

        @POST
        public FormValidation doCheckFrames(@AncestorInPath Item item, @QueryParameter String value) {
            return RenderForms.checkFrames(mayConfigure(item), value);
        }

        /** May configure the job; in the global Snippet Generator, outside any job, may manage Jenkins. */
        static boolean mayConfigure(Item item) {
            return item != null ? item.hasPermission(Item.CONFIGURE) : Jenkins.get().hasPermission(Jenkins.MANAGE);
        }
    }
}

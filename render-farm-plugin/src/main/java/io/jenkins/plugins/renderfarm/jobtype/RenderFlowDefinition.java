package io.jenkins.plugins.renderfarm.jobtype;

import hudson.Extension;
import hudson.Util;
import hudson.model.Action;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.renderfarm.config.RenderFarmConfiguration;
import io.jenkins.plugins.renderfarm.config.RenderForms;
import io.jenkins.plugins.renderfarm.config.RenderProfile;
import java.util.List;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.cps.CpsFlowExecution;
import org.jenkinsci.plugins.workflow.flow.DurabilityHintProvider;
import org.jenkinsci.plugins.workflow.flow.FlowDefinition;
import org.jenkinsci.plugins.workflow.flow.FlowDefinitionDescriptor;
import org.jenkinsci.plugins.workflow.flow.FlowDurabilityHint;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;
import org.jenkinsci.plugins.workflow.flow.FlowExecutionOwner;
import org.jenkinsci.plugins.workflow.flow.GlobalDefaultFlowDurabilityLevel;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * "Render job": a Pipeline job's Definition that is a form (scene, frames, profile, where, preview) instead of a
 * script. Each build runs {@link #TEMPLATE}, a constant sandboxed script whose {@code renderJob} step reads the
 * values from this definition, so nothing typed into the form ever becomes Groovy source; the build then goes the
 * same way as {@code renderFrames} and shows the same samples page. A separate item type is not used because
 * Pipeline's job class is final and its queueing, resume and abort are what a render job needs anyway.
 */
public final class RenderFlowDefinition extends FlowDefinition {
    /** The whole program of a render job's build. */
    public static final String TEMPLATE = "renderJob()\n";

    private final String scene;
    private final String frames;
    private final String profile;
    private String where = "local";
    private String remote = "";
    private boolean preview = true;

    @DataBoundConstructor
    public RenderFlowDefinition(String scene, String frames, String profile) {
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

    public String getWhere() {
        return where;
    }

    @DataBoundSetter
    public void setWhere(String where) {
        this.where = RenderForms.where(where);
    }

    public String getRemote() {
        return remote;
    }

    @DataBoundSetter
    public void setRemote(String remote) {
        this.remote = Util.fixNull(remote).trim();
    }

    public boolean isPreview() {
        return preview;
    }

    /** A preview pass first (the profile's, else the default one) or none. */
    @DataBoundSetter
    public void setPreview(boolean preview) {
        this.preview = preview;
    }

    @Override
    public FlowExecution create(FlowExecutionOwner owner, TaskListener listener, List<? extends Action> actions) throws Exception {
        Queue.Executable exec = owner.getExecutable();
        FlowDurabilityHint hint = exec instanceof Run<?, ?> run ? DurabilityHintProvider.suggestedFor(run.getParent())
                : GlobalDefaultFlowDurabilityLevel.getDefaultDurabilityHint();
        return new CpsFlowExecution(TEMPLATE, true, owner, hint);
    }

    /** The Definition entry "Render job" and its form helpers; they require Job/Configure on the job. */
    @Extension
    @Symbol("render")
    public static final class DescriptorImpl extends FlowDefinitionDescriptor {
        @Override
        public String getDisplayName() {
            return "Render job";
        }

        @POST
        public ListBoxModel doFillProfileItems(@AncestorInPath Item item) {
            return RenderForms.profileItems(mayConfigure(item));
        }

        @POST
        public ListBoxModel doFillWhereItems(@AncestorInPath Item item) {
            return RenderForms.whereItems(mayConfigure(item));
        }

        @POST
        public ListBoxModel doFillRemoteItems(@AncestorInPath Item item) {
            return RenderForms.remoteItems(mayConfigure(item));
        }

        @POST
        public FormValidation doCheckFrames(@AncestorInPath Item item, @QueryParameter String value) {
            return RenderForms.checkFrames(mayConfigure(item), value);
        }

        @POST
        public FormValidation doCheckScene(@AncestorInPath Item item, @QueryParameter String value, @QueryParameter String profile) {
            if (!mayConfigure(item)) {
                return FormValidation.ok();
            }
            boolean shared = RenderFarmConfiguration.get().profile(profile).map(RenderProfile::isSharedStorage).orElse(true);
            try {
                io.renderfarm.engine.job.JobPaths.checkScene(value, shared);
                return FormValidation.ok();
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage() + (shared ? "" : " (a render job has no workspace: pick a "
                        + "profile whose scenes are on shared storage, or use renderFrames in a Pipeline)"));
            }
        }

        /** A render job's form exists only on a job, so only the job's configurers see its lists and checks. */
        private static boolean mayConfigure(Item item) {
            return item != null && item.hasPermission(Item.CONFIGURE);
        }
    }
}

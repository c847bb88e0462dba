package io.jenkins.plugins.renderfarm.config;

import hudson.Extension;
import hudson.Util;
import hudson.model.Descriptor;
import hudson.model.Label;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.renderfarm.engine.capability.VersionConstraint;
import io.renderfarm.engine.job.FrameFormat;
import io.renderfarm.engine.job.OutputFormat;
import io.renderfarm.engine.render.Renderer;
import io.renderfarm.engine.render.Renderers;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Form support for {@link RenderProfile}: the renderer list comes from the engine and values are checked with
 * the engine's parsers, so the form refuses exactly what a render would. Every endpoint requires
 * {@link RenderFarmConfiguration#PERMISSION}, the permission of the section holding the profiles.
 */
@Extension
@Symbol("renderProfile")
public final class RenderProfileDescriptor extends Descriptor<RenderProfile> {
    public RenderProfileDescriptor() {
        super(RenderProfile.class);
    }

    @Override
    public String getDisplayName() {
        return "Render profile";
    }

    @POST
    public ListBoxModel doFillRendererItems() {
        Jenkins.get().checkPermission(RenderFarmConfiguration.PERMISSION);
        ListBoxModel items = new ListBoxModel();
        for (Renderer renderer : Renderers.all()) {
            items.add(renderer.name());
        }
        return items;
    }

    @POST
    public ListBoxModel doFillFormatItems() {
        Jenkins.get().checkPermission(Jenkins.MANAGE);
        ListBoxModel items = new ListBoxModel();
        for (FrameFormat format : FrameFormat.values()) {
            items.add(format.wireName());
        }
        return items;
    }

    @POST
    public FormValidation doCheckExrCodec(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.MANAGE);
        try {
            new OutputFormat(FrameFormat.SCENE, value);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    public FormValidation doCheckName(@QueryParameter String value) {
        Jenkins.get().checkPermission(RenderFarmConfiguration.PERMISSION);
        String name = Util.fixNull(value).trim();
        if (name.isEmpty()) {
            return FormValidation.error("A profile needs a name; pipelines pick it with profile: 'name'.");
        }
        return name.matches("[A-Za-z0-9_.-]+") ? FormValidation.ok()
                : FormValidation.error("Use letters, digits, '_', '-' and '.' only.");
    }

    @POST
    public FormValidation doCheckVersionConstraint(@QueryParameter String value) {
        Jenkins.get().checkPermission(RenderFarmConfiguration.PERMISSION);
        try {
            VersionConstraint.parse(value);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    public FormValidation doCheckLabel(@QueryParameter String value) {
        Jenkins.get().checkPermission(RenderFarmConfiguration.PERMISSION);
        if (Util.fixNull(value).isBlank()) {
            return FormValidation.ok();
        }
        try {
            Label.parseExpression(value);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error("Not a label expression: " + e.getMessage());
        }
    }
}

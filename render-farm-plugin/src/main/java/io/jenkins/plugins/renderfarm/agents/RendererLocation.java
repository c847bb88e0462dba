package io.jenkins.plugins.renderfarm.agents;

import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.ListBoxModel;
import io.renderfarm.engine.render.Renderer;
import io.renderfarm.engine.render.Renderers;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.verb.POST;

/**
 * Where one render package is installed on an agent ({@code blender} → {@code /opt/blender-4.2/blender}), for
 * packages that are not on the agent's PATH under their usual name. Used both by the capability probe and when
 * rendering, so the version that was probed is the one that renders.
 */
public final class RendererLocation implements Describable<RendererLocation> {
    private final String renderer;
    private final String executable;

    @DataBoundConstructor
    public RendererLocation(String renderer, String executable) {
        this.renderer = Util.fixNull(renderer).trim();
        this.executable = Util.fixNull(executable).trim();
    }

    public String getRenderer() {
        return renderer;
    }

    public String getExecutable() {
        return executable;
    }

    /** Form and JCasC support: the renderer list comes from the engine. */
    @Extension
    @Symbol("renderer")
    public static final class DescriptorImpl extends Descriptor<RendererLocation> {
        @Override
        public String getDisplayName() {
            return "Render package";
        }

        /** Agent configuration is a Computer/CONFIGURE page; the list itself is public engine data. */
        @POST
        public ListBoxModel doFillRendererItems() {
            Jenkins.get().checkPermission(Jenkins.READ);
            ListBoxModel items = new ListBoxModel();
            for (Renderer r : Renderers.all()) {
                items.add(r.name());
            }
            return items;
        }
    }
}

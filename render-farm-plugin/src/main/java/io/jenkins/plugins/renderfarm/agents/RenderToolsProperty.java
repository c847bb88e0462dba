package io.jenkins.plugins.renderfarm.agents;

import hudson.Extension;
import hudson.model.Node;
import hudson.slaves.NodeProperty;
import hudson.slaves.NodePropertyDescriptor;
import java.util.HashMap;
import java.util.List;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * Agent setting: the render packages installed outside the agent's PATH. An agent without it is probed and
 * renders with each package's default program name.
 */
public final class RenderToolsProperty extends NodeProperty<Node> {
    private final List<RendererLocation> locations;

    @DataBoundConstructor
    public RenderToolsProperty(List<RendererLocation> locations) {
        this.locations = locations == null ? List.of() : List.copyOf(locations);
    }

    public List<RendererLocation> getLocations() {
        return List.copyOf(locations);
    }

    /** Renderer name to program, as the engine's probe and {@code LocalChunk} take it (serialisable to agents). */
    public static HashMap<String, String> executablesOf(Node node) {
        HashMap<String, String> executables = new HashMap<>();
        RenderToolsProperty property = node == null ? null : node.getNodeProperty(RenderToolsProperty.class);
        if (property != null) {
            for (RendererLocation location : property.locations) {
                if (!location.getRenderer().isEmpty() && !location.getExecutable().isEmpty()) {
                    executables.put(location.getRenderer(), location.getExecutable());
                }
            }
        }
        return executables;
    }

    /** Offers the property on every agent's configuration page and as {@code renderTools} in JCasC. */
    @Extension
    @Symbol("renderTools")
    public static final class DescriptorImpl extends NodePropertyDescriptor {
        @Override
        public String getDisplayName() {
            return "Render package locations";
        }
    }
}

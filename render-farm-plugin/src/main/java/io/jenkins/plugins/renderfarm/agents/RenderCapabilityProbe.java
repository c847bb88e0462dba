package io.jenkins.plugins.renderfarm.agents;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import hudson.slaves.ComputerListener;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * Probes every agent for render packages and hardware when it comes online, off the connection thread (a Blender
 * version check can take seconds), stores the result in the {@link CapabilityCache} and saves the node so Jenkins
 * recomputes which labels it carries. The built-in node is not probed: renders belong on agents.
 */
@Extension
public final class RenderCapabilityProbe extends ComputerListener {
    private static final Logger LOGGER = Logger.getLogger(RenderCapabilityProbe.class.getName());

    public static RenderCapabilityProbe get() {
        return ExtensionList.lookupSingleton(RenderCapabilityProbe.class);
    }

    @Override
    public void onOnline(Computer c, TaskListener listener) {
        Node node = c.getNode();
        if (node == null || node instanceof Jenkins) {
            return;
        }
        listener.getLogger().println("Render farm: probing render packages and hardware in the background");
        Computer.threadPoolForRemoting.submit(() -> probe(c));
    }

    /** Probes every online agent again, as after installing a new renderer. Returns at once. */
    public void probeAll() {
        for (Computer c : Jenkins.get().getComputers()) {
            if (c.isOnline() && !(c.getNode() instanceof Jenkins)) {
                Computer.threadPoolForRemoting.submit(() -> probe(c));
            }
        }
    }

    void probe(Computer c) {
        Node node = c.getNode();
        VirtualChannel channel = c.getChannel();
        if (node == null || channel == null) {
            return;
        }
        String name = node.getNodeName();
        CapabilityCache cache = CapabilityCache.get();
        ProbeRecord record;
        try {
            record = channel.call(new ProbeCallable(RenderToolsProperty.executablesOf(node)));
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "render capability probe of " + name + " failed", e);
            record = ProbeRecord.failed(cache.record(name).orElse(null), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        cache.put(name, record);
        try {
            // Label.getNodes() is cached; saving the node is what makes Jenkins recompute label membership.
            Jenkins.get().updateNode(node);
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "cannot refresh the labels of " + name, e);
        }
    }
}

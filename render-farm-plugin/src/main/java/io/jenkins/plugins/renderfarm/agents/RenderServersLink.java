package io.jenkins.plugins.renderfarm.agents;

import hudson.Extension;
import hudson.model.ManagementLink;
import hudson.model.Node;
import hudson.security.Permission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins » Render servers: every agent with its render packages, hardware, capability labels, executors
 * and status, from the {@link CapabilityCache}. Reading needs {@link Jenkins#SYSTEM_READ}; probing again needs
 * {@link Jenkins#MANAGE}. Both are checked here, not only by the link's visibility, since URLs can be typed.
 */
@Extension
public final class RenderServersLink extends ManagementLink {
    @Override
    public String getIconFileName() {
        return "symbol-computer";
    }

    @Override
    public String getDisplayName() {
        return "Render servers";
    }

    @Override
    public String getUrlName() {
        return "render-servers";
    }

    @Override
    public String getDescription() {
        return "Render packages, hardware and status of every agent, as probed when it connected.";
    }

    @Override
    public Permission getRequiredPermission() {
        return Jenkins.SYSTEM_READ;
    }

    @Override
    public Category getCategory() {
        return Category.STATUS;
    }

    public List<ServerRow> getServers() {
        Jenkins jenkins = Jenkins.get();
        jenkins.checkPermission(Jenkins.SYSTEM_READ);
        CapabilityCache cache = CapabilityCache.get();
        List<ServerRow> rows = new ArrayList<>();
        List<Node> nodes = new ArrayList<>(jenkins.getNodes());
        nodes.sort(Comparator.comparing(Node::getNodeName));
        for (Node node : nodes) {
            rows.add(new ServerRow(node, cache.record(node.getNodeName()), cache.labelsOf(node.getNodeName())));
        }
        return rows;
    }

    @POST
    public HttpResponse doProbe() {
        Jenkins.get().checkPermission(Jenkins.MANAGE);
        RenderCapabilityProbe.get().probeAll();
        return HttpResponses.redirectToDot();
    }
}

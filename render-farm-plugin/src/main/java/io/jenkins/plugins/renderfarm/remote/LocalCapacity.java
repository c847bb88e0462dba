package io.jenkins.plugins.renderfarm.remote;

import hudson.model.Computer;
import hudson.model.Label;
import hudson.model.Node;
import hudson.model.Queue;
import io.jenkins.plugins.renderfarm.agents.CapabilityCache;
import io.jenkins.plugins.renderfarm.agents.ProbeRecord;
import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotMatcher;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.site.api.LocalAvailability;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import jenkins.model.Jenkins;

/**
 * How soon this controller's own agents could start a render: fills the engine's {@link LocalAvailability} from
 * Jenkins. Capable slots are the executors of the nodes matching the profile's label expression whose probed
 * hardware fits the profile; idle ones are the idle executors of those online and accepting tasks; the work ahead
 * is the buildable queue items any of those nodes could take (each counted as one frame's worth, as nothing says
 * how long a foreign build takes); it can grow when a cloud can provision for the label and the profile lets the
 * render ask one.
 */
public final class LocalCapacity {
    private LocalCapacity() {
    }

    public static LocalAvailability of(String labelExpression, JobProfile profile, boolean askClouds) {
        Label label = Jenkins.get().getLabel(labelExpression);
        if (label == null) {
            return new LocalAvailability(0, 0, 0, Double.NaN, false);
        }
        int capable = 0;
        int idle = 0;
        Set<Queue.Item> ahead = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node node : label.getNodes()) {
            Computer computer = node.toComputer();
            if (computer == null || !fits(node, profile)) {
                continue;
            }
            capable += node.getNumExecutors();
            if (computer.isOnline() && computer.isAcceptingTasks()) {
                idle += Math.min(computer.countIdle(), node.getNumExecutors());
            }
            ahead.addAll(Queue.getInstance().getBuildableItems(computer));
        }
        return new LocalAvailability(capable, Math.min(idle, capable), ahead.size(), Double.NaN,
                askClouds && !label.getClouds().isEmpty());
    }

    /** A node not probed yet is given the benefit of the doubt, as its labels already matched. */
    private static boolean fits(Node node, JobProfile profile) {
        return CapabilityCache.get().record(node.getNodeName()).map(ProbeRecord::toCapabilities)
                .map(caps -> SlotMatcher.matchCapabilities(profile,
                        new RenderSlot(node.getNodeName(), node.getNodeName(), caps, SlotStatus.IDLE)).capable())
                .orElse(true);
    }
}

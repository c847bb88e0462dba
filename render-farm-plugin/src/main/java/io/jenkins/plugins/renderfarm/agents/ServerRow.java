package io.jenkins.plugins.renderfarm.agents;

import hudson.model.Computer;
import hudson.model.Node;
import io.renderfarm.engine.capability.Capabilities;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** One line of the Render servers page: an agent with its render packages, hardware, executors and status. */
public final class ServerRow {
    private final String name;
    private final String url;
    private final String status;
    private final int busy;
    private final int executors;
    private final String packages;
    private final String hardware;
    private final String labels;
    private final Date probedAt;
    private final String error;

    ServerRow(Node node, Optional<ProbeRecord> probe, Set<String> labels) {
        Computer c = node.toComputer();
        this.name = node.getNodeName();
        this.url = c == null ? null : c.getUrl();
        this.status = c == null ? "no executors" : c.isOffline() ? "offline" : c.isAcceptingTasks() ? "online" : "not accepting work";
        this.busy = c == null ? 0 : c.countBusy();
        this.executors = node.getNumExecutors();
        Capabilities caps = probe.map(ProbeRecord::toCapabilities).orElse(null);
        this.packages = caps == null ? "not probed" : caps.renderers().isEmpty() ? "none found"
                : caps.renderers().entrySet().stream().map(Map.Entry::getKey).map(k -> k + " " + caps.versionOf(k))
                        .collect(Collectors.joining(", "));
        this.hardware = caps == null ? "" : caps.cores() + " cores, " + caps.ramMb() / 1024 + " GiB" + (caps.gpu() ? ", GPU" : "");
        this.labels = String.join(" ", new TreeSet<>(labels));
        this.probedAt = probe.map(p -> new Date(p.getProbedAt())).orElse(null);
        this.error = probe.map(ProbeRecord::getError).orElse(null);
    }

    public String getName() {
        return name;
    }

    public String getUrl() {
        return url;
    }

    public String getStatus() {
        return status;
    }

    public int getBusy() {
        return busy;
    }

    public int getExecutors() {
        return executors;
    }

    public String getPackages() {
        return packages;
    }

    public String getHardware() {
        return hardware;
    }

    public String getLabels() {
        return labels;
    }

    public Date getProbedAt() {
        return probedAt == null ? null : new Date(probedAt.getTime());
    }

    public String getError() {
        return error;
    }
}

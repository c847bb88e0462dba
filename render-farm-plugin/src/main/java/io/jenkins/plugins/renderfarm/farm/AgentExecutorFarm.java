package io.jenkins.plugins.renderfarm.farm;

import hudson.model.Computer;
import hudson.model.Label;
import hudson.model.Node;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.queue.ScheduleResult;
import io.jenkins.plugins.renderfarm.agents.CapabilityCache;
import io.jenkins.plugins.renderfarm.agents.ProbeRecord;
import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotMatcher;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.schedule.ChunkExecution;
import io.renderfarm.engine.schedule.ChunkListener;
import io.renderfarm.engine.schedule.ChunkWork;
import io.renderfarm.engine.schedule.RenderFarm;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jenkins.model.Jenkins;

/**
 * The engine's {@link RenderFarm} made of Jenkins agent executors. Slots are the executors of the nodes matching
 * the profile's label expression, with each node's probed capabilities; a chunk started on a slot becomes a
 * {@link ChunkTask} in the Jenkins queue bound to that node, so it waits its turn like any other work and occupies
 * a real executor while it renders. A slot is idle only while its node is online and has an idle executor not
 * already promised to one of our queued chunks. Offline nodes count as busy, not gone: like {@code node(label)}
 * the render waits for them (which matters right after a controller restart).
 *
 * <p>When a cloud can provision agents for the label, the farm also offers {@code cloudRequests} provisionable
 * slots ({@code cloud#0}, …) while none of the label's agents that could render is idle: a chunk started on one
 * is queued for the label rather than for a node, which is what makes Jenkins' node provisioner start an agent
 * for it, as it does for {@code node(label)}. So at most that many chunks wait for cloud agents at a time; how
 * many agents run in all is the cloud's own limit. A provisioned agent is probed when it comes online and from
 * then on is an ordinary node of the label, whose idle executors get chunks of their own.
 */
public final class AgentExecutorFarm implements RenderFarm {
    /** Slot ids of the chunks waiting for (or rendering on) an agent a cloud provides. */
    static final String CLOUD_SLOT = "cloud#";
    private static final Capabilities NOT_THERE_YET = new Capabilities(Map.of(), 0, 0, false);

    private final Run<?, ?> run;
    private final String labelExpression;
    private final JobProfile profile;
    private final int cloudRequests;
    private final String keyPrefix;
    private final AgentRender render;
    private final Map<String, ChunkHandle> handles = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param profile       the job's profile: what an idle agent must offer to be worth waiting for instead of a
     *                      cloud, and the render threads per process (0 for a share of the agent's cores)
     * @param cloudRequests how many chunks may wait for cloud agents at a time; 0 never asks a cloud
     * @param jobKey        names the job's cache folder on agents; stable across controller restarts
     * @param keyPrefix     unique for this job in this controller session; chunk keys on agents start with it
     */
    public AgentExecutorFarm(Run<?, ?> run, String labelExpression, JobProfile profile, int cloudRequests,
                             JobFiles files, String jobKey, String keyPrefix) {
        this.run = run;
        this.labelExpression = labelExpression;
        this.profile = profile;
        this.cloudRequests = cloudRequests;
        this.keyPrefix = keyPrefix;
        this.render = new AgentRender(files, jobKey, profile.threadsPerSlot());
    }

    @Override
    public List<RenderSlot> slots() {
        // The engine asks several times a second, which makes this the place to notice queued chunks stranded
        // on a node that went away.
        withdrawStranded();
        Label label = Jenkins.get().getLabel(labelExpression);
        List<RenderSlot> slots = new ArrayList<>();
        if (label == null) {
            return slots;
        }
        List<Node> nodes = new ArrayList<>(label.getNodes());
        nodes.sort(Comparator.comparing(Node::getNodeName));
        for (Node node : nodes) {
            addSlots(node, slots);
        }
        addCloudSlots(label, slots);
        return slots;
    }

    private void addCloudSlots(Label label, List<RenderSlot> slots) {
        if (cloudRequests == 0 || label.getClouds().isEmpty()) {
            return;
        }
        // An idle agent that can render takes the next chunk; asking a cloud then would start a machine for nothing.
        boolean agentIdle = slots.stream().anyMatch(s -> s.status() == SlotStatus.IDLE && SlotMatcher.match(profile, s).capable());
        for (int i = 0; i < cloudRequests; i++) {
            String id = CLOUD_SLOT + i;
            if (!agentIdle || isOurs(id)) {
                // Provisionable even while one of our chunks holds it: the job run knows that, and reported busy its
                // unknown machine would not count as one that can render, failing the job for want of slots.
                slots.add(new RenderSlot(id, "cloud", NOT_THERE_YET, SlotStatus.PROVISIONABLE));
            }
        }
    }

    private void addSlots(Node node, List<RenderSlot> slots) {
        String name = node.getNodeName();
        Capabilities caps = CapabilityCache.get().record(name).map(ProbeRecord::toCapabilities)
                .orElse(new Capabilities(Map.of(), 0, 0, false));
        Computer computer = node.toComputer();
        boolean online = computer != null && computer.isOnline() && computer.isAcceptingTasks();
        int free = online ? computer.countIdle() - queuedOn(name) : 0;
        for (int i = 0; i < node.getNumExecutors(); i++) {
            String id = name + "#" + i;
            SlotStatus status;
            if (!online || isOurs(id)) {
                status = SlotStatus.BUSY;
            } else if (free > 0) {
                status = SlotStatus.IDLE;
                free--;
            } else {
                status = SlotStatus.BUSY;
            }
            slots.add(new RenderSlot(id, name, caps, status));
        }
    }

    private boolean isOurs(String slotId) {
        return handles.values().stream().anyMatch(h -> h.slotId.equals(slotId));
    }

    private int queuedOn(String node) {
        return (int) handles.values().stream().filter(h -> node.equals(h.nodeName) && h.isQueued()).count();
    }

    private void withdrawStranded() {
        for (ChunkHandle handle : handles.values()) {
            if (handle.isQueued() && handle.nodeName != null) {
                Node node = Jenkins.get().getNode(handle.nodeName);
                Computer c = node == null ? null : node.toComputer();
                if (c == null || c.isOffline()) {
                    handle.withdraw("agent " + handle.nodeName + " went offline before the chunk started");
                }
            }
        }
    }

    @Override
    public ChunkExecution start(RenderSlot slot, ChunkWork work, ChunkListener listener) {
        String key = keyPrefix + "-c" + work.chunkId() + "-a" + work.attempt();
        String node = slot.status() == SlotStatus.PROVISIONABLE ? null : slot.host();
        ChunkHandle handle = new ChunkHandle(key, slot.id(), node, work, listener, h -> handles.remove(h.key));
        if (closed) {
            handle.finish("the controller is shutting down");
            return handle;
        }
        handles.put(key, handle);
        ChunkTask task = new ChunkTask(run, handle, render, labelExpression);
        handle.queued(task);
        ScheduleResult result = Queue.getInstance().schedule2(task, 0);
        if (result.isRefused()) {
            handle.finish("Jenkins refused to queue the chunk (is it shutting down?)");
        }
        return handle;
    }

    /** Stops handing out work and cancels every chunk; for the end of a job or a controller shutdown. */
    public void close() {
        closed = true;
        handles.values().forEach(h -> h.withdraw("the render was stopped"));
    }

    /** Removes the job files from the agents; after the job ended. */
    public void cleanUp() {
        render.cleanUp();
    }
}

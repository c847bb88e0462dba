package io.jenkins.plugins.renderfarm.farm;

import hudson.model.Computer;
import hudson.model.Label;
import hudson.model.Node;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.queue.CauseOfBlockage;
import hudson.model.queue.ScheduleResult;
import io.jenkins.plugins.renderfarm.agents.CapabilityCache;
import io.jenkins.plugins.renderfarm.agents.ProbeRecord;
import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotMatcher;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.farm.ChunkExecution;
import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.farm.RenderFarm;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * The engine's {@link RenderFarm} made of Jenkins agent executors. Slots are the executors of the nodes matching
 * the profile's label expression that the build's identity may build on ({@code Agent/Build}), with each node's
 * probed capabilities; a chunk started on a slot becomes a {@link ChunkTask} in the Jenkins queue bound to that
 * node, so it waits its turn like any other work and occupies a real executor while it renders. A slot is idle
 * only while its node is online and has an idle executor not already promised to one of our queued chunks. The
 * machine the engine's blocklist counts is the node, whatever its executor.
 *
 * <p>While none of the label's agents that could render is idle, the farm also offers provisionable slots
 * ({@code cloud#0}, …, {@code waiting#0}, …) whose chunks are queued for the label rather than for a node, as
 * {@code node(label)} is: {@code cloudRequests} of them when a cloud can provision agents for the label (so the
 * node provisioner starts one), and one per executor of the capable agents that are offline (so the chunks wait in
 * the queue, showing Jenkins' reason, and the first agent of the label that is free or back takes them). Such a
 * chunk is kept off agents the render blocklisted or whose probe does not fit the profile ({@link ChunkDispatcher});
 * its failures count against the agent that took it. A provisioned agent is probed when it comes online and from
 * then on is an ordinary node of the label, whose idle executors get chunks of their own.
 */
public final class AgentExecutorFarm implements RenderFarm {
    /** Slot ids of the chunks waiting for an agent a cloud provides. */
    static final String CLOUD_SLOT = "cloud#";
    /** Slot ids of the chunks waiting in the queue for an agent of the label that is offline now. */
    static final String WAITING_SLOT = "waiting#";
    private static final Capabilities NOT_THERE_YET = new Capabilities(Map.of(), 0, 0, false);

    private final Run<?, ?> run;
    private final String labelExpression;
    private final JobProfile profile;
    private final int cloudRequests;
    private final String keyPrefix;
    private final AgentRender render;
    private final BuildIdentity identity;
    /** The identity's authentication, looked up once: the security realm may be a remote directory. */
    private final Authentication authentication;
    private final TaskListener listener;
    private final Map<String, ChunkHandle> handles = new ConcurrentHashMap<>();
    private final Set<String> blocklisted = ConcurrentHashMap.newKeySet();
    private final Set<String> leftOut = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param profile       the job's profile: what an idle agent must offer to be worth waiting for instead of a
     *                      cloud, and the render threads per process (0 for a share of the agent's cores)
     * @param cloudRequests how many chunks may wait for cloud agents at a time; 0 never asks a cloud
     * @param identity      who the build runs as; its chunks run as that, on agents it may build on
     * @param jobKey        names the job's cache folder on agents; stable across controller restarts
     * @param keyPrefix     unique for this job in this controller session; chunk keys on agents start with it
     * @param listener      the build's log, for agents left out of the render
     */
    public AgentExecutorFarm(Run<?, ?> run, String labelExpression, JobProfile profile, int cloudRequests,
                             BuildIdentity identity, JobFiles files, String jobKey, String keyPrefix,
                             TaskListener listener) {
        this.run = run;
        this.labelExpression = labelExpression;
        this.profile = profile;
        this.cloudRequests = cloudRequests;
        this.keyPrefix = keyPrefix;
        this.identity = identity;
        this.authentication = identity.authentication();
        this.listener = listener;
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
        int offlineExecutors = 0;
        for (Node node : nodes) {
            if (!mayBuildOn(node)) {
                continue;
            }
            if (addSlots(node, slots)) {
                offlineExecutors += node.getNumExecutors();
            }
        }
        addWaitingSlots(label, slots, offlineExecutors);
        return slots;
    }

    @Override
    public boolean queuesChunks() {
        return true;
    }

    /** An agent with all its executors; a chunk waiting for the label is its own until an agent takes it. */
    @Override
    public String machineOf(RenderSlot slot) {
        return slot.status() == SlotStatus.PROVISIONABLE ? slot.id() : slot.host();
    }

    @Override
    public void blocklisted(String machine) {
        blocklisted.add(machine);
    }

    /** Why a chunk of this render queued for the label must not run on {@code node}, or null. */
    CauseOfBlockage refusal(Node node) {
        String name = node.getNodeName();
        if (blocklisted.contains(name)) {
            return blockage(name + " is blocklisted for this render");
        }
        Optional<Capabilities> probed = CapabilityCache.get().record(name).map(ProbeRecord::toCapabilities);
        if (probed.isPresent()) {
            SlotMatcher.MatchResult match = SlotMatcher.matchCapabilities(profile,
                    new RenderSlot(name, name, probed.get(), SlotStatus.IDLE));
            if (!match.capable()) {
                return blockage(name + " cannot render it: " + String.join(", ", match.reasons()));
            }
        }
        return null;
    }

    /** A reason shown as it is: it names an agent and the engine's reasons, which have no translation. */
    private static CauseOfBlockage blockage(String text) {
        return new CauseOfBlockage() {
            @Override
            public String getShortDescription() {
                return text;
            }
        };
    }

    /** Whether the build's identity may build on the node; says once in the build log when it may not. */
    private boolean mayBuildOn(Node node) {
        if (identity.isSystem() || node.hasPermission2(authentication, Computer.BUILD)) {
            return true;
        }
        if (leftOut.add(node.getNodeName())) {
            listener.getLogger().println("[render] agent " + node.getNodeName() + " is not used: " + identity.name()
                    + ", whom this build runs as, may not build there (Agent/Build)");
        }
        return false;
    }

    /**
     * Adds the node's executors as slots; true when the node is offline now but its probe fits the profile, so a
     * chunk may wait in the queue for it.
     */
    private boolean addSlots(Node node, List<RenderSlot> slots) {
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
        return !online && !blocklisted.contains(name)
                && SlotMatcher.matchCapabilities(profile, new RenderSlot(name, name, caps, SlotStatus.IDLE)).capable();
    }

    private void addWaitingSlots(Label label, List<RenderSlot> slots, int offlineExecutors) {
        // An idle agent that can render takes the next chunk; queueing for the label then would start a machine for
        // nothing, or hold a chunk back for an agent that is away.
        boolean agentIdle = slots.stream().anyMatch(s -> s.status() == SlotStatus.IDLE && SlotMatcher.match(profile, s).capable()
                && !blocklisted.contains(s.host()));
        int clouds = cloudRequests > 0 && !label.getClouds().isEmpty() ? cloudRequests : 0;
        for (int i = 0; i < clouds + offlineExecutors; i++) {
            String id = i < clouds ? CLOUD_SLOT + i : WAITING_SLOT + (i - clouds);
            if (!agentIdle || isOurs(id)) {
                // Provisionable even while one of our chunks holds it: the job run knows that, and reported busy its
                // unknown machine would not count as one that can render, failing the job for want of slots.
                slots.add(new RenderSlot(id, i < clouds ? "cloud" : labelExpression, NOT_THERE_YET, SlotStatus.PROVISIONABLE));
            }
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
            handle.lose("the controller is shutting down");
            return handle;
        }
        handles.put(key, handle);
        ChunkTask task = new ChunkTask(run, handle, render, labelExpression, identity, authentication, this);
        handle.queued(task);
        ScheduleResult result = Queue.getInstance().schedule2(task, 0);
        if (result.isRefused()) {
            handle.lose("Jenkins refused to queue the chunk (is it shutting down?)");
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

package io.jenkins.plugins.renderfarm.farm;

import io.jenkins.plugins.renderfarm.farm.agent.AgentChunkSpec;
import io.jenkins.plugins.renderfarm.farm.agent.RemoteChunkListener;
import io.jenkins.plugins.renderfarm.farm.agent.RenderChunkCallable;

import hudson.FilePath;
import hudson.model.Node;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.renderfarm.agents.CapabilityCache;
import io.jenkins.plugins.renderfarm.agents.ProbeRecord;
import io.jenkins.plugins.renderfarm.agents.RenderToolsProperty;
import io.renderfarm.engine.farm.ChunkEnd;
import java.io.IOException;

/**
 * How a chunk of one job gets rendered on a node: the job files are put on the agent, the chunk is sent there with
 * the agent's paths and render-package locations, and the agent talks back through a {@link ControllerRelay}.
 */
final class AgentRender {
    /** Under the agent's root folder; the job caches and scratch folders of every render live here. */
    static final String FOLDER = "renderfarm";

    private final JobFiles files;
    private final String jobKey;
    private final int threadsPerSlot;

    AgentRender(JobFiles files, String jobKey, int threadsPerSlot) {
        this.files = files;
        this.jobKey = jobKey;
        this.threadsPerSlot = threadsPerSlot;
    }

    ControllerRelay relayFor(ChunkHandle handle, VirtualChannel channel) {
        return new ControllerRelay(handle.listener, channel);
    }

    /**
     * Renders the chunk on the node (whose root folder is {@code root}) with the given executor (its number on the
     * node, which names the executor's resident Blender there and picks its GPU); returns how it ended. Blocks until
     * the chunk is over. Tells the engine the chunk began on the node once the job files are there.
     */
    ChunkEnd run(Node node, FilePath root, int executor, VirtualChannel channel, ChunkHandle handle, ControllerRelay relay)
            throws IOException, InterruptedException {
        FilePath base = root.child(FOLDER);
        String scene;
        try {
            scene = files.sceneOn(node, base.child("jobs").child(jobKey));
        } finally {
            // The chunk's timers start now: the wait in the queue and the copy of the job files are not the
            // renderer's. A copy that failed is the node's failure, even for a chunk queued for the label.
            handle.listener.startedOn(node.getNodeName());
        }
        AgentChunkSpec spec = new AgentChunkSpec(handle.work, handle.key, executor, scene,
                base.child("scratch").child(handle.key).getRemote(), threadsOn(node, handle.work.tail()),
                RenderToolsProperty.executablesOf(node));
        RemoteChunkListener proxy = channel.export(RemoteChunkListener.class, relay);
        return channel.call(new RenderChunkCallable(spec, proxy));
    }

    /**
     * The profile's threads per renderer, else an equal share of the agent's cores per executor; the job's tail
     * chunk gets all of them, as on the local farm, since the executors that finished before it stay idle.
     */
    private int threadsOn(Node node, boolean tail) {
        if (threadsPerSlot > 0) {
            return threadsPerSlot;
        }
        int cores = CapabilityCache.get().record(node.getNodeName()).map(ProbeRecord::toCapabilities)
                .map(c -> c.cores()).orElse(0);
        if (cores == 0) {
            return 0;
        }
        return tail ? cores : Math.max(1, cores / Math.max(1, node.getNumExecutors()));
    }

    void cleanUp() {
        files.cleanUp(FOLDER + "/jobs/" + jobKey);
    }
}

package io.jenkins.plugins.renderfarm.farm.agent;

import hudson.remoting.Channel;
import io.renderfarm.engine.local.LocalChunk;
import io.renderfarm.engine.render.RendererSandbox;
import io.renderfarm.engine.farm.ChunkEnd;
import io.renderfarm.engine.farm.ChunkWork;
import java.io.IOException;
import io.renderfarm.engine.capability.GpuAssignment;
import io.renderfarm.engine.capability.GpuDevice;
import java.nio.file.Path;
import java.util.Map;
import jenkins.security.MasterToSlaveCallable;

/**
 * Renders one chunk on the agent it is sent to with the engine's {@link LocalChunk} and returns how it ended, with
 * the renderer's output; each frame is checked here before the controller takes its bytes ({@link AgentRelay}).
 * Blocks for the whole render. A Blender chunk renders in the executor's resident Blender
 * ({@link AgentResidents}), kept for the executor's next chunk. If the channel to the controller closes meanwhile
 * (controller restart, network loss) the renderer is killed rather than left running unsupervised.
 */
public final class RenderChunkCallable extends MasterToSlaveCallable<ChunkEnd, IOException> {
    private static final long serialVersionUID = 1L;

    private final AgentChunkSpec spec;
    private final RemoteChunkListener controller;

    public RenderChunkCallable(AgentChunkSpec spec, RemoteChunkListener controller) {
        this.spec = spec;
        this.controller = controller;
    }

    @Override
    public ChunkEnd call() throws IOException {
        ChunkWork work = spec.toWork();
        AgentRelay relay = new AgentRelay(controller, work.isPreview(), spec.movieFrames);
        Path scratch = Path.of(spec.scratch);
        // One GPU per executor: executor N renders on the agent's Nth GPU, seeing only it.
        GpuDevice gpu = AgentGpus.forExecutor(spec.executorNumber).orElse(null);
        Map<String, String> env = gpu == null ? Map.of() : GpuAssignment.environmentOf(gpu);
        LocalChunk chunk = new LocalChunk(work, scratch, spec.threads, spec.executables,
                AgentResidents.forExecutor(spec.executor, scratch.getParent(), env), RendererSandbox.OFF, gpu, relay);
        relay.attach(chunk);
        Channel channel = Channel.current();
        Channel.Listener onClose = new Channel.Listener() {
            @Override
            public void onClosed(Channel closed, IOException cause) {
                relay.lose(cause == null ? new IOException("channel closed") : cause);
            }
        };
        if (channel != null) {
            channel.addListener(onClose);
        }
        AgentChunks.put(spec.key, chunk);
        try {
            chunk.run();
        } finally {
            AgentChunks.remove(spec.key);
            if (channel != null) {
                channel.removeListener(onClose);
            }
        }
        return relay.end();
    }
}

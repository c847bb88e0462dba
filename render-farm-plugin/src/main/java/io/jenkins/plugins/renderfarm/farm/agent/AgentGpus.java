package io.jenkins.plugins.renderfarm.farm.agent;

import io.renderfarm.engine.capability.CapabilityProbe;
import io.renderfarm.engine.capability.GpuAssignment;
import io.renderfarm.engine.capability.GpuDevice;
import java.util.List;
import java.util.Optional;

/**
 * This agent's GPUs, listed once per agent JVM by the engine's probe; executor N renders on the Nth, as the engine's
 * {@link GpuAssignment#forExecutor} says, so an agent with N GPUs and N executors never shares a card.
 */
final class AgentGpus {
    private static List<GpuDevice> gpus;

    private AgentGpus() {
    }

    static synchronized Optional<GpuDevice> forExecutor(int executor) {
        if (gpus == null) {
            gpus = new CapabilityProbe().gpus();
        }
        return GpuAssignment.forExecutor(executor, gpus);
    }
}

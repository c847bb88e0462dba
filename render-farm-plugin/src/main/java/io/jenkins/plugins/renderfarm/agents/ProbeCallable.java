package io.jenkins.plugins.renderfarm.agents;

import io.renderfarm.engine.capability.CapabilityProbe;
import io.renderfarm.engine.render.Renderers;
import java.util.HashMap;
import jenkins.security.MasterToSlaveCallable;

/** Runs the engine's capability probe on the agent it is sent to (render packages, cores, memory, GPU). */
final class ProbeCallable extends MasterToSlaveCallable<ProbeRecord, RuntimeException> {
    private static final long serialVersionUID = 1L;

    private final HashMap<String, String> executables;

    ProbeCallable(HashMap<String, String> executables) {
        this.executables = executables;
    }

    @Override
    public ProbeRecord call() {
        return ProbeRecord.of(new CapabilityProbe().probe(Renderers.all(), executables));
    }
}

package io.jenkins.plugins.renderfarm.farm.agent;

import io.renderfarm.engine.render.resident.ResidentSlot;
import io.renderfarm.engine.render.resident.ResidentSlots;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The resident Blenders of this agent's executors, by executor: each chunk is a separate call from the controller,
 * and the executor's next chunk of the same scene finds the scene loaded instead of starting Blender again. Lives
 * in the agent JVM, like {@link AgentChunks}; a resident process also ends by itself when this JVM goes.
 */
final class AgentResidents {
    /** Longer than the local farm's 2 s: an executor's next chunk comes through the Jenkins queue. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    private static ResidentSlots slots;

    private AgentResidents() {
    }

    /**
     * The executor's holder, its Blenders started with {@code env} added (the executor's GPU); {@code workDir} (the
     * agent's scratch folder) is taken from the first call.
     */
    static synchronized ResidentSlot forExecutor(String executor, Path workDir, Map<String, String> env) {
        if (slots == null) {
            slots = new ResidentSlots(workDir, IDLE_TIMEOUT);
        }
        return slots.slot(executor, env);
    }

    /** Ends the Blenders no chunk is rendering with now: an abort leaves none behind. */
    static synchronized void discardIdle() {
        if (slots != null) {
            slots.discardIdle();
        }
    }
}

package io.jenkins.plugins.renderfarm.farm.agent;

import io.renderfarm.engine.local.LocalChunk;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chunks running in this agent JVM by key, so a separate call from the controller can cancel one (which kills
 * the renderer's process tree). Lives on the agent; classes loaded over one channel share it.
 */
final class AgentChunks {
    private static final Map<String, LocalChunk> RUNNING = new ConcurrentHashMap<>();

    private AgentChunks() {
    }

    static void put(String key, LocalChunk chunk) {
        RUNNING.put(key, chunk);
    }

    static void remove(String key) {
        RUNNING.remove(key);
    }

    /** @return whether a chunk with that key was running here */
    static boolean cancel(String key) {
        LocalChunk chunk = RUNNING.get(key);
        if (chunk != null) {
            chunk.cancel();
        }
        AgentResidents.discardIdle(); // the work they wait for is going away
        return chunk != null;
    }
}

package io.jenkins.plugins.renderfarm.farm.agent;

import jenkins.security.MasterToSlaveCallable;

/** Cancels a chunk running on the agent it is sent to: its renderer process tree is killed. */
public final class CancelChunkCallable extends MasterToSlaveCallable<Boolean, RuntimeException> {
    private static final long serialVersionUID = 1L;

    private final String key;

    public CancelChunkCallable(String key) {
        this.key = key;
    }

    @Override
    public Boolean call() {
        return AgentChunks.cancel(key);
    }
}

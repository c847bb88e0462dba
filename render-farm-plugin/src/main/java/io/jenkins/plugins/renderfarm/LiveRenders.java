package io.jenkins.plugins.renderfarm;

import hudson.Extension;
import hudson.model.listeners.ItemListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The renders running in this controller. When the controller shuts down they are detached before agents
 * disconnect, so the lost agents are not recorded as failures in the builds that resume after the restart.
 */
@Extension
public final class LiveRenders extends ItemListener {
    private static final Set<RenderFramesExecution> RUNNING = ConcurrentHashMap.newKeySet();

    static void add(RenderFramesExecution execution) {
        RUNNING.add(execution);
    }

    static void remove(RenderFramesExecution execution) {
        RUNNING.remove(execution);
    }

    @Override
    public void onBeforeShutdown() {
        for (RenderFramesExecution execution : RUNNING) {
            execution.detach();
        }
        RUNNING.clear();
    }
}

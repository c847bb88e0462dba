package io.jenkins.plugins.renderfarm.farm;

import java.io.IOException;
import java.io.Serializable;

/**
 * What an agent reports about its chunk, called over Remoting on an object the controller exported for that one
 * chunk. The agent keeps a rendered file until {@link #frameRendered} returns, so the controller can fetch it.
 * Serializable because what travels to the agent is Remoting's proxy for the exported object; the controller's
 * implementation itself is never sent by value.
 */
public interface RemoteChunkListener extends Serializable {
    void progress(int frame, double fraction);

    void frameRendered(int frame, String agentPath) throws IOException, InterruptedException;
}

package io.jenkins.plugins.renderfarm.farm;

import java.io.IOException;

/**
 * What an agent reports about its chunk, called over Remoting on an object the controller exported for that one
 * chunk. The agent keeps a rendered file until {@link #frameRendered} returns, so the controller can fetch it.
 */
public interface RemoteChunkListener {
    void progress(int frame, double fraction);

    void frameRendered(int frame, String agentPath) throws IOException, InterruptedException;

    /** The scene's frame rate, as the renderer described its output; for the preview movie. */
    void sceneFrameRate(double fps);
}

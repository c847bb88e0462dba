package io.jenkins.plugins.renderfarm.farm.agent;

import java.io.IOException;
import java.io.Serializable;

/**
 * What an agent reports about its chunk, called over Remoting on an object the controller exported for that one
 * chunk. The agent checks each frame itself (the engine's {@code FrameCheck}: its real format, structurally for
 * OpenEXR; its SHA-256; its samples) and keeps the file until {@link #frameChecked} returns, so the controller can
 * stream its bytes and compare them with that check. Serializable because what travels to the agent is Remoting's
 * proxy for the exported object; the controller's implementation itself is never sent by value.
 */
public interface RemoteChunkListener extends Serializable {
    void progress(int frame, double fraction);

    /** A frame that passed the agent's check, at {@code agentPath} on the agent. */
    void frameChecked(int frame, String agentPath, AgentCheckedFrame checked) throws IOException, InterruptedException;

    /** A frame the agent's check refused; {@code reason} is the check's one line. */
    void frameRefused(int frame, String reason);

    /**
     * Samples of a frame {@link #frameChecked} delivered, made after it on the agent (an OpenEXR frame's ffmpeg
     * proxy); before the chunk's end.
     */
    void frameSamples(int frame, AgentFrameSamples samples);

    /** The scene's frame rate, as the renderer described its output; for the preview movie. */
    void sceneFrameRate(double fps);
}

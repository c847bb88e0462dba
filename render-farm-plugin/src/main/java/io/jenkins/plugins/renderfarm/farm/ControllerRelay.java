package io.jenkins.plugins.renderfarm.farm;

import io.jenkins.plugins.renderfarm.farm.agent.AgentCheckedFrame;
import io.jenkins.plugins.renderfarm.farm.agent.AgentFrameSamples;
import io.jenkins.plugins.renderfarm.farm.agent.RemoteChunkListener;

import hudson.FilePath;
import hudson.remoting.VirtualChannel;
import io.renderfarm.engine.render.SceneOutput;
import io.renderfarm.engine.sample.FrameSamples;
import io.renderfarm.engine.farm.CheckedFrame;
import io.renderfarm.engine.farm.ChunkListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * Controller side of a chunk, exported to the agent: forwards progress and the scene's frame rate to the engine,
 * and for each frame the agent checked hands the engine that check and a source of the frame's bytes on the agent.
 * The engine streams them into the build's artifacts, hashing as they pass, and compares them with the agent's
 * checksum before this call returns (the agent keeps its file until then); the controller never holds a whole
 * frame, decodes nothing and writes no temporary file of its own. The frame's samples (thumbnail, movie frame) come
 * as pixels the agent made, with the check or, for an OpenEXR frame's proxy, after it. After {@link #close()} (the
 * chunk was reported finished) late calls are refused, so the engine hears nothing of a chunk after its end.
 * Exported to the agent, never serialized.
 */
final class ControllerRelay implements RemoteChunkListener {
    private static final long serialVersionUID = 1L;
    private final ChunkListener engine;
    private final VirtualChannel channel;
    private volatile boolean closed;

    ControllerRelay(ChunkListener engine, VirtualChannel channel) {
        this.engine = engine;
        this.channel = channel;
    }

    @Override
    public void progress(int frame, double fraction) {
        if (!closed) {
            engine.progress(frame, fraction);
        }
    }

    @Override
    public void frameChecked(int frame, String agentPath, AgentCheckedFrame checked) throws IOException {
        if (closed) {
            throw new IOException("chunk is over; frame " + frame + " not taken");
        }
        CheckedFrame value;
        try {
            value = checked.toChecked();
        } catch (IllegalArgumentException e) {
            engine.frameRefused(frame, "the agent's check of frame " + frame + " is malformed: " + e.getMessage());
            return;
        }
        FilePath file = new FilePath(channel, agentPath);
        engine.frameChecked(frame, value, () -> {
            try {
                return file.read();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while opening frame " + frame + " on the agent");
            }
        });
    }

    @Override
    public void frameRefused(int frame, String reason) {
        if (!closed) {
            engine.frameRefused(frame, reason);
        }
    }

    /** Samples an agent could not have made honestly are dropped: a sample never fails its frame. */
    @Override
    public void frameSamples(int frame, AgentFrameSamples samples) {
        if (closed || samples == null) {
            return;
        }
        FrameSamples value;
        try {
            value = samples.toSamples();
        } catch (IllegalArgumentException e) {
            return;
        }
        engine.frameSamples(frame, value);
    }

    @Override
    public void sceneFrameRate(double fps) {
        if (!closed) {
            engine.sceneOutput(new SceneOutput("", fps));
        }
    }

    /** Only Remoting's proxy travels; this object stays on the controller. */
    private void writeObject(ObjectOutputStream out) throws IOException {
        throw new NotSerializableException("a chunk's controller side is exported to the agent, never sent");
    }

    private void readObject(ObjectInputStream in) throws IOException {
        throw new NotSerializableException("a chunk's controller side is exported to the agent, never sent");
    }

    /** The chunk was reported finished: no further frame is taken from the agent. */
    void close() {
        closed = true;
    }
}

package io.jenkins.plugins.renderfarm.farm;

import hudson.FilePath;
import hudson.remoting.VirtualChannel;
import io.renderfarm.engine.schedule.ChunkListener;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Controller side of a chunk, exported to the agent: forwards progress to the engine, and for each rendered frame
 * copies the file from the agent into a controller temp file and hands that to the engine, which verifies and
 * stores it before this call returns (the agent keeps its file until then). The copies are made like any new file
 * (not as private temp files), since they become the build's artifacts; they are removed by {@link #close()},
 * after the chunk has been reported finished. Exported to the agent, never serialized.
 */
final class ControllerRelay implements RemoteChunkListener {
    private static final long serialVersionUID = 1L;
    private final ChunkListener engine;
    private final VirtualChannel channel;
    private final Path incoming;
    private final List<Path> temps = new ArrayList<>();

    ControllerRelay(ChunkListener engine, VirtualChannel channel, Path incoming) {
        this.engine = engine;
        this.channel = channel;
        this.incoming = incoming;
    }

    @Override
    public void progress(int frame, double fraction) {
        engine.progress(frame, fraction);
    }

    @Override
    public void frameRendered(int frame, String agentPath) throws IOException, InterruptedException {
        Files.createDirectories(incoming);
        Path local = Files.createFile(incoming.resolve("frame-" + frame + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".png"));
        synchronized (temps) {
            temps.add(local);
        }
        new FilePath(channel, agentPath).copyTo(new FilePath(local.toFile()));
        engine.frameRendered(frame, local);
    }

    /** Only Remoting's proxy travels; this object stays on the controller. */
    private void writeObject(ObjectOutputStream out) throws IOException {
        throw new NotSerializableException("a chunk's controller side is exported to the agent, never sent");
    }

    private void readObject(ObjectInputStream in) throws IOException {
        throw new NotSerializableException("a chunk's controller side is exported to the agent, never sent");
    }

    void close() {
        synchronized (temps) {
            for (Path temp : temps) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // A leftover temp file in the build folder is harmless and goes with the build.
                }
            }
            temps.clear();
        }
    }
}

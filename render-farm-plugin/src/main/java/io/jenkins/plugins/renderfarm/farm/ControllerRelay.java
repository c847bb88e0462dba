package io.jenkins.plugins.renderfarm.farm;

import hudson.FilePath;
import hudson.remoting.VirtualChannel;
import io.renderfarm.engine.render.SceneOutput;
import io.renderfarm.engine.schedule.ChunkListener;
import io.renderfarm.engine.store.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Controller side of a chunk, exported to the agent: forwards progress and the scene's frame rate to the engine,
 * and for each rendered frame copies the file from the agent into a controller temp folder, under the name the
 * renderer gave it (the engine reads the scene's frame-number padding from it), and hands that to the engine,
 * which verifies and stores it before this call returns (the agent keeps its file until then). Temp folders are
 * removed by {@link #close()}, after the chunk has been reported finished.
 */
final class ControllerRelay implements RemoteChunkListener {
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
        Path folder = Files.createTempDirectory(incoming, "frame-" + frame + "-");
        synchronized (temps) {
            temps.add(folder);
        }
        FilePath remote = new FilePath(channel, agentPath);
        Path local = folder.resolve(remote.getName()).normalize();
        if (!local.getParent().equals(folder)) {
            throw new IOException("the agent named a frame file '" + remote.getName() + "' outside its folder");
        }
        remote.copyTo(new FilePath(local.toFile()));
        engine.frameRendered(frame, local);
    }

    @Override
    public void sceneFrameRate(double fps) {
        engine.sceneOutput(new SceneOutput("", fps));
    }

    void close() {
        synchronized (temps) {
            for (Path temp : temps) {
                // A leftover temp file in the build folder is harmless and goes with the build.
                Folders.delete(temp);
            }
            temps.clear();
        }
    }
}

package io.renderfarm.engine.render.resident;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.CapabilityProbe;
import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.render.Quality;
import io.renderfarm.engine.render.Renderers;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Shared pieces of the resident-renderer tests: the machine's capabilities, chunk work, a recording listener. */
final class ResidentFarmFixture {
    private static volatile Capabilities machine;

    private ResidentFarmFixture() {}

    static Capabilities machine() {
        if (machine == null) {
            machine = new CapabilityProbe().probe(Renderers.all());
        }
        return machine;
    }

    static ChunkWork work(int chunkId, Path scene, String renderer, String frames, Quality quality) {
        RenderJob job = new RenderJob(
                "resident-test",
                scene,
                FrameSet.parse(frames),
                OutputNaming.withPrefix("shot_"),
                JobProfile.defaults(renderer).withPreview(PreviewSettings.OFF),
                List.of());
        return new ChunkWork(chunkId, job, FrameSet.parse(frames), quality, 1);
    }

    /** Live Blender processes started by this JVM. */
    static List<ProcessHandle> blenders() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("blender")).orElse(false))
                .toList();
    }

    /** Records what a farm reports about one chunk. */
    static final class Recorder implements ChunkListener {
        final List<Double> progress = new CopyOnWriteArrayList<>();
        final List<Integer> frames = new CopyOnWriteArrayList<>();
        final CompletableFuture<String> finished = new CompletableFuture<>();

        @Override
        public void progress(int frame, double fraction) {
            progress.add(fraction);
        }

        @Override
        public void frameRendered(int frame, Path file) {
            frames.add(frame);
        }

        @Override
        public void finished(String failure) {
            finished.complete(failure == null ? "" : failure);
        }
    }
}

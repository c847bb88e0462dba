package io.renderfarm.engine.local;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.CapabilityProbe;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.event.JobEventSink;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.render.Renderers;
import io.renderfarm.engine.schedule.JobRun;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.time.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A job on real local slots with a real renderer, recording its events; shared by the real-render tests. */
final class RealRenderFixture implements AutoCloseable {
    private static volatile Capabilities machine;

    final Path out;
    final DirectoryFrameStore store;
    final LocalSlotFarm farm;
    final List<JobEvent> events = new CopyOnWriteArrayList<>();

    RealRenderFixture(Path out, int slots) throws IOException {
        this.out = out;
        this.store = new DirectoryFrameStore(out);
        this.farm = new LocalSlotFarm(slots, machine(), store.scratchRoot(), Map.of());
    }

    static Capabilities machine() {
        if (machine == null) {
            machine = new CapabilityProbe().probe(Renderers.all());
        }
        return machine;
    }

    JobRun start(Path scene, String frames, JobProfile profile) {
        RenderJob job = new RenderJob(
                "test-job", scene, FrameSet.parse(frames), OutputNaming.withPrefix("shot_"), profile, List.of());
        JobEventSink sink = events::add;
        return new JobRun(job, farm, store, sink, Clock.SYSTEM).start();
    }

    <E extends JobEvent> List<E> of(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Renderer processes started by this JVM that are still alive. */
    static List<ProcessHandle> rendererProcesses() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info()
                        .command()
                        .map(c -> c.endsWith("blender") || c.endsWith("povray"))
                        .orElse(false))
                .toList();
    }

    @Override
    public void close() {
        farm.close();
    }
}

package io.renderfarm.engine.farm;

import io.renderfarm.engine.render.SceneOutput;
import io.renderfarm.engine.sample.FrameSamples;
import io.renderfarm.engine.store.FrameSource;
import java.nio.file.Path;

/**
 * Passes every report of a chunk on to another listener, for a farm that wraps another farm and must see the chunk's
 * end on the way (to free its slot, count the job's running chunks, time the chunk). Every method of
 * {@link ChunkListener} is forwarded, so a report the interface gains cannot be dropped by a wrapper that did not
 * know it. {@link #ending} is called once per end, however the end is reported ({@link #finished(String)},
 * {@link #finished(ChunkEnd)} or {@link #lost}), before the end is passed on as it came.
 */
public abstract class ForwardingChunkListener implements ChunkListener {
    private final ChunkListener next;

    protected ForwardingChunkListener(ChunkListener next) {
        this.next = next;
    }

    /** The chunk ended ({@code end}: as reported, or a failure naming why it was lost). */
    protected abstract void ending(ChunkEnd end);

    @Override
    public void started() {
        next.started();
    }

    @Override
    public void startedOn(String machine) {
        next.startedOn(machine);
    }

    @Override
    public void progress(int frame, double fraction) {
        next.progress(frame, fraction);
    }

    @Override
    public void frameRendered(int frame, Path file) {
        next.frameRendered(frame, file);
    }

    @Override
    public void output(String line) {
        next.output(line);
    }

    @Override
    public void frameChecked(int frame, CheckedFrame checked, FrameSource bytes) {
        next.frameChecked(frame, checked, bytes);
    }

    @Override
    public void frameRefused(int frame, String reason) {
        next.frameRefused(frame, reason);
    }

    @Override
    public void frameSamples(int frame, FrameSamples samples) {
        next.frameSamples(frame, samples);
    }

    @Override
    public void sceneOutput(SceneOutput output) {
        next.sceneOutput(output);
    }

    @Override
    public void finished(String failure) {
        finished(ChunkEnd.of(failure));
    }

    @Override
    public void finished(ChunkEnd end) {
        ending(end);
        next.finished(end);
    }

    @Override
    public void lost(String reason) {
        ending(ChunkEnd.of(reason));
        next.lost(reason);
    }
}

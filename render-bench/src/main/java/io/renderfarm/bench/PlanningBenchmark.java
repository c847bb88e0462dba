package io.renderfarm.bench;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.plan.Chunker;
import io.renderfarm.engine.plan.PreviewOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Planning a 1,000,000-frame job with the pure planners: parse the frame set, cut it into chunks of
 * {@code chunkSize}, order the preview frames. The fork runs in a 200 MB heap, so a plan that needs more fails the
 * run; {@code -prof gc} adds the bytes allocated per plan. Target: under 1 s and 200 MB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx200m"})
public class PlanningBenchmark {
    static final String ONE_MILLION = "1-1000000";

    @Param({"1", "10"})
    int chunkSize;

    /** The whole plan: what a fixed-size job computes before its first chunk. */
    public record Plan(FrameSet frames, List<FrameSet> chunks, List<Integer> previews) {}

    @Benchmark
    public Plan plan() {
        FrameSet frames = FrameSet.parse(ONE_MILLION);
        return new Plan(frames, Chunker.chunk(frames, chunkSize), PreviewOrder.of(frames, 3));
    }

    @Benchmark
    public FrameSet parse() {
        return FrameSet.parse(ONE_MILLION);
    }
}

package io.renderfarm.bench;

import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.schedule.JobRun;
import io.renderfarm.engine.time.Clock;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Chunk dispatches per second of a {@link JobRun} on a {@link NoOpFarm}: whole jobs of single-frame chunks (preview
 * off), each chunk carved, launched, reported, verified (a 16 x 9 PNG), taken in and counted. The score is
 * chunks per second ({@value #FRAMES} chunks per invocation). Target: at least 10,000 per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx1g"})
public class DispatchBenchmark {
    static final int FRAMES = 20_000;

    @Param({"2", "16"})
    int slots;

    private Path frame;
    private NoOpFarm farm;

    @Setup
    public void setUp() throws Exception {
        frame = BenchJobs.tinyFrame();
        farm = new NoOpFarm(slots, frame);
    }

    @TearDown
    public void tearDown() {
        farm.close();
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public JobResult singleFrameChunks() throws Exception {
        JobRun run =
                new JobRun(BenchJobs.job("1-" + FRAMES, 1, false), farm, new NullFrameStore(), e -> {}, Clock.SYSTEM);
        JobResult result = run.start().completion().get(10, TimeUnit.MINUTES);
        if (result.state() != JobState.SUCCEEDED) {
            throw new IllegalStateException("bench job " + result.state() + ": " + result.reason());
        }
        return result;
    }
}

package io.renderfarm.bench;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.farm.ChunkExecution;
import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.farm.RenderFarm;
import io.renderfarm.engine.schedule.JobRun;
import io.renderfarm.engine.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Planning inside the scheduler: from {@link JobRun#start()} of a 1,000,000-frame job (automatic chunks, default
 * preview pass) until its first chunk reaches the farm — the frame ledger, the store check and the preview order.
 * The fork runs in a 200 MB heap. Target: under 1 s and 200 MB.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx200m"})
public class JobStartBenchmark {
    private HoldingFarm farm;
    private JobRun run;

    @Setup(Level.Invocation)
    public void newRun() {
        farm = new HoldingFarm();
        run = new JobRun(
                BenchJobs.job(PlanningBenchmark.ONE_MILLION, 0, true),
                farm,
                new NullFrameStore(),
                e -> {},
                Clock.SYSTEM);
    }

    @Benchmark
    public JobRun untilFirstChunk() throws InterruptedException {
        run.start();
        if (!farm.firstChunk.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no chunk was dispatched");
        }
        return run;
    }

    @TearDown(Level.Invocation)
    public void cancelRun() throws Exception {
        run.cancel("benchmark over");
        run.completion().get(60, TimeUnit.SECONDS);
    }

    /** Two slots that take chunks and hold them until canceled. */
    static final class HoldingFarm implements RenderFarm {
        final CountDownLatch firstChunk = new CountDownLatch(1);

        @Override
        public List<RenderSlot> slots() {
            return List.of(
                    new RenderSlot("slot-1", "bench", NoOpFarm.MACHINE, SlotStatus.IDLE),
                    new RenderSlot("slot-2", "bench", NoOpFarm.MACHINE, SlotStatus.IDLE));
        }

        @Override
        public ChunkExecution start(RenderSlot slot, ChunkWork work, ChunkListener listener) {
            firstChunk.countDown();
            return () -> listener.finished("canceled");
        }
    }
}

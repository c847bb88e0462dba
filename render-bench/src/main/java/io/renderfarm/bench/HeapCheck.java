package io.renderfarm.bench;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.plan.Chunker;
import io.renderfarm.engine.plan.PreviewOrder;
import io.renderfarm.engine.schedule.JobRun;
import io.renderfarm.engine.time.Clock;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Retained heap of planning a 1,000,000-frame job, which JMH does not report: the heap in use after a full GC with
 * the plan alive, minus before. Run with {@code java -Xmx200m -cp render-bench/target/benchmarks.jar
 * io.renderfarm.bench.HeapCheck}; prints one line per case and exits non-zero above 200 MB.
 */
public final class HeapCheck {
    private static final long LIMIT_BYTES = 200L * 1024 * 1024;

    private HeapCheck() {}

    public static void main(String[] args) throws Exception {
        boolean ok = true;
        ok &= report("FrameSet.parse(1-1000000)", () -> FrameSet.parse(PlanningBenchmark.ONE_MILLION));
        for (int size : new int[] {1, 10}) {
            ok &= report("plan: parse + Chunker.chunk(" + size + ") + PreviewOrder", () -> {
                FrameSet frames = FrameSet.parse(PlanningBenchmark.ONE_MILLION);
                return new PlanningBenchmark.Plan(frames, Chunker.chunk(frames, size), PreviewOrder.of(frames, 3));
            });
        }
        ok &= report("JobRun started on 1-1000000 (ledger, pending, previews)", HeapCheck::startedRun);
        System.exit(ok ? 0 : 1);
    }

    private static JobRun startedRun() {
        JobStartBenchmark.HoldingFarm farm = new JobStartBenchmark.HoldingFarm();
        JobRun run = new JobRun(
                        BenchJobs.job(PlanningBenchmark.ONE_MILLION, 0, true),
                        farm,
                        new NullFrameStore(),
                        e -> {},
                        Clock.SYSTEM)
                .start();
        try {
            farm.firstChunk.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return run;
    }

    private static boolean report(String what, Supplier<Object> build) {
        long before = usedAfterGc();
        long start = System.nanoTime();
        Object kept = build.get();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long retained = usedAfterGc() - before;
        System.out.printf(
                "heap-check %-58s retained %6.1f MB  (first, cold run: %d ms)%n", what, retained / 1048576.0, millis);
        if (kept instanceof JobRun run) {
            run.cancel("heap check over");
        }
        return retained < LIMIT_BYTES;
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

package io.renderfarm.bench;

import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.schedule.JobRun;
import io.renderfarm.engine.time.Clock;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Where a no-op chunk's cost goes, which JMH's single score does not show: runs jobs of single-frame chunks on a
 * {@link NoOpFarm} and samples the CPU time of the job's loop thread (dispatch and bookkeeping) apart from the
 * farm's threads (frame intake: verification, samples, store). Prints chunks per second end to end and per
 * CPU-second of the loop alone, the scheduler's own ceiling. Run with {@code java -cp
 * render-bench/target/benchmarks.jar io.renderfarm.bench.DispatchCheck [slots]}.
 */
public final class DispatchCheck {
    private static final int FRAMES = 20_000;
    private static final int JOBS = 8;

    private DispatchCheck() {}

    public static void main(String[] args) throws Exception {
        int slots = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new ConcurrentHashMap<>();
        Map<Long, String> kind = new ConcurrentHashMap<>();
        Thread watcher = new Thread(() -> sample(threads, cpu, kind), "cpu-watcher");
        watcher.setDaemon(true);
        watcher.start();
        Path frame = BenchJobs.tinyFrame();
        try (NoOpFarm farm = new NoOpFarm(slots, frame)) {
            for (int warm = 0; warm < 3; warm++) {
                runJob(farm);
            }
            Thread.sleep(50);
            Map<Long, Long> before = Map.copyOf(cpu); // farm threads live on: count only what the measured jobs add
            long start = System.nanoTime();
            for (int i = 0; i < JOBS; i++) {
                runJob(farm);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(50);
            long loopNanos = total(cpu, kind, "loop") - total(before, kind, "loop");
            long farmNanos = total(cpu, kind, "farm") - total(before, kind, "farm");
            double chunks = (double) FRAMES * JOBS;
            System.out.printf(
                    "dispatch-check slots=%d: %.0f chunks/s end to end; loop %.1f us CPU/chunk (ceiling %.0f chunks/s);"
                            + " farm threads (intake) %.1f us CPU/chunk%n",
                    slots,
                    chunks / seconds,
                    loopNanos / chunks / 1e3,
                    chunks / (loopNanos / 1e9),
                    farmNanos / chunks / 1e3);
        }
    }

    private static void runJob(NoOpFarm farm) throws Exception {
        JobResult result = new JobRun(
                        BenchJobs.job("1-" + FRAMES, 1, false), farm, new NullFrameStore(), e -> {}, Clock.SYSTEM)
                .start()
                .completion()
                .get(10, TimeUnit.MINUTES);
        if (!result.succeeded()) {
            throw new IllegalStateException("bench job " + result.state() + ": " + result.reason());
        }
    }

    /** Keeps the latest CPU time of every loop and farm thread; a thread's last sample is within 2 ms of its end. */
    private static void sample(ThreadMXBean threads, Map<Long, Long> cpu, Map<Long, String> kind) {
        while (true) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                String k = t.getName().startsWith("job-run-")
                        ? "loop"
                        : t.getName().equals("noop-slot") ? "farm" : null;
                long nanos = k == null ? -1 : threads.getThreadCpuTime(t.getId());
                if (nanos > 0) {
                    cpu.put(t.getId(), nanos);
                    kind.put(t.getId(), k);
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static long total(Map<Long, Long> cpu, Map<Long, String> kind, String which) {
        return cpu.entrySet().stream()
                .filter(e -> which.equals(kind.get(e.getKey())))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }
}

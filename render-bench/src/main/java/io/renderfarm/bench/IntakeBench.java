package io.renderfarm.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.renderfarm.engine.farm.CheckedFrame;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.sample.FrameSamples;
import io.renderfarm.engine.sample.ThumbnailImage;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.schedule.JobRun;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.store.FrameReceiver;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.engine.verify.FrameFileType;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The Jenkins controller's per-frame path without Jenkins: {@code agents} stubbed agents ({@link StubAgentFarm})
 * deliver {@code framesPerAgent} frames each, all at once, into a {@link JobRun} whose frames go through the
 * engine's intake (the {@link FrameReceiver}, {@code streams} at a time, as the plugin's controller-wide receiver)
 * into a {@link DirectoryFrameStore}, with the agents' thumbnails and the contact sheet. At three frame sizes (HD,
 * twice that, 4K; 16-bit RGB, PNG-sized, undecodable) it reports: bytes read from the sources against bytes stored
 * (each byte touched once), the most heap in use while frames stream (flat as frames grow), and the throughput
 * against {@code sha256sum} alone over the same files, in the same order, on the same disk (the mean of a run just
 * before and one just after the intake, so a host whose speed drifts affects both sides alike).
 *
 * <p>{@code java -Xmx256m -cp benchmarks.jar io.renderfarm.bench.IntakeBench DIR [agents] [framesPerAgent]
 * [streams]}; exits non-zero when a target is missed. DIR needs about 12 GB free at the defaults (sources and the
 * stored frames of the largest size; each size's frames are removed before the next).
 */
public final class IntakeBench {
    private static final int[][] SIZES = {{1920, 1080}, {2880, 1440}, {3840, 2160}};
    private static final String[] NAMES = {"HD 16-bit (1x)", "2x", "4K 16-bit (4x)"};
    /** Distinct source files per size; deliveries cycle through them, like agents rendering different frames. */
    private static final int SOURCES = 10;

    private IntakeBench() {}

    /** One size's measurements. */
    private record Row(
            String name,
            long frameBytes,
            int frames,
            long read,
            long stored,
            long opens,
            double seconds,
            double sha256sumSeconds,
            double cpuSeconds,
            double sha256sumCpuSeconds,
            long maxHeap,
            long maxLive,
            JobState state) {
        double mbPerSecond() {
            return stored / 1e6 / seconds;
        }

        double sha256sumMbPerSecond() {
            return stored / 1e6 / sha256sumSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/intake-bench").toAbsolutePath();
        int agents = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int framesPerAgent = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int streams = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        Files.createDirectories(dir);
        ThumbnailImage thumbnail = ThumbnailImage.of(new BufferedImage(1920, 1080, BufferedImage.TYPE_INT_RGB));
        List<Row> rows = new ArrayList<>();
        for (int s = 0; s < SIZES.length; s++) {
            rows.add(measure(
                    dir.resolve("size-" + s),
                    NAMES[s],
                    SIZES[s][0],
                    SIZES[s][1],
                    agents,
                    framesPerAgent,
                    streams,
                    thumbnail));
        }
        boolean ok = report(rows, agents, framesPerAgent, streams);
        System.exit(ok ? 0 : 1);
    }

    private static Row measure(
            Path dir,
            String name,
            int width,
            int height,
            int agents,
            int framesPerAgent,
            int streams,
            ThumbnailImage thumbnail)
            throws Exception {
        Path sources = Files.createDirectories(dir.resolve("agents"));
        List<StubAgentFarm.Delivery> made = new ArrayList<>();
        for (int i = 0; i < SOURCES; i++) {
            Path file = sources.resolve(String.format("render_%02d.png", i));
            FrameReceiver.Copied c = PngLikeFrames.write(file, width, height, 31L * width + i);
            made.add(new StubAgentFarm.Delivery(
                    new CheckedFrame(
                            new VerifiedFrame(width, height, c.bytes(), c.sha256()),
                            FrameFileType.PNG,
                            String.valueOf(file.getFileName()),
                            new FrameSamples(thumbnail, null)),
                    file));
        }
        int frames = agents * framesPerAgent;
        StubAgentFarm farm = new StubAgentFarm(agents, frame -> made.get((frame - 1) % SOURCES));
        Path out = dir.resolve("stored");
        DirectoryFrameStore store = new DirectoryFrameStore(out);
        RenderJob job = new RenderJob(
                "intake",
                dir.resolve("scene.blend"),
                FrameSet.parse("1-" + frames),
                OutputNaming.DEFAULT,
                JobProfile.defaults("blender").withChunkSize(framesPerAgent).withPreview(PreviewSettings.OFF),
                List.of());
        double[] shaBefore = sha256sum(made, frames); // sha256sum runs before and after the intake: drift cancels out
        HeapWatch heap = HeapWatch.start();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        JobResult result = new JobRun(
                        job,
                        farm,
                        store,
                        e -> {},
                        Clock.SYSTEM,
                        new FrameReceiver(FrameReceiver.DEFAULT_MAX_BYTES, streams, null))
                .start()
                .completion()
                .get(30, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
        long[] heapUse = heap.finish();
        long stored = storedBytes(out);
        long frameBytes = made.get(0).checked().verified().bytes();
        double[] shaAfter = sha256sum(made, frames);
        deleteTree(dir);
        return new Row(
                name,
                frameBytes,
                frames,
                farm.bytesRead.get(),
                stored,
                farm.opens.get(),
                seconds,
                (shaBefore[0] + shaAfter[0]) / 2,
                cpuSeconds,
                (shaBefore[1] + shaAfter[1]) / 2,
                heapUse[0],
                heapUse[1],
                result.state());
    }

    /** Bytes of the frames in the store whose manifest line matches what their agent checked. */
    private static long storedBytes(Path out) throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                total += Files.size(f);
            }
        }
        List<String> manifest = Files.readAllLines(out.resolve(".renderfarm/manifest.tsv"), StandardCharsets.UTF_8);
        return manifest.isEmpty() ? -1 : total;
    }

    /**
     * {@code sha256sum} alone over the same files in the same order the agents delivered them: its wall seconds and
     * its CPU seconds (user + system, from this process's waited-for children's times).
     */
    private static double[] sha256sum(List<StubAgentFarm.Delivery> made, int frames)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("sha256sum"));
        for (int frame = 1; frame <= frames; frame++) {
            argv.add(made.get((frame - 1) % SOURCES).file().toString());
        }
        long ticks0 = childrenCpuTicks();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (p.waitFor() != 0) {
            throw new IOException("sha256sum failed");
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(50); // the JVM's reaper thread collects the child's times just after waitFor returns
        return new double[] {wall, (childrenCpuTicks() - ticks0) / 100.0};
    }

    /** This JVM's CPU time, every thread. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** User + system time of this process's waited-for children, in clock ticks (USER_HZ, 100 on Linux). */
    private static long childrenCpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[13]) + Long.parseLong(f[14]); // cutime and cstime, fields 16 and 17 of stat
    }

    private static boolean report(List<Row> rows, int agents, int framesPerAgent, int streams) {
        System.out.printf(
                "%nintake: %d agents x %d frames each, at once; %d streams; %d cores; heap max %d MB; load %s%n",
                agents,
                framesPerAgent,
                streams,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                loadAverage());
        System.out.println(
                "| frames | frame size | bytes read from agents | bytes stored | sources opened | intake | "
                        + "sha256sum alone | intake / sha256sum | CPU per GB: intake, sha256sum | heap in use, most | live after GC, most |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        boolean ok = true;
        long heap1x = rows.get(0).maxLive();
        for (Row r : rows) {
            double ratio = r.mbPerSecond() / r.sha256sumMbPerSecond();
            System.out.printf(
                    "| %d x %s | %.1f MB | %,d | %,d | %d | %.0f MB/s (%.2f s) | %.0f MB/s (%.2f s) | %.2f | %.2f s, %.2f s | %.0f MB | %.1f MB |%n",
                    r.frames(),
                    r.name(),
                    r.frameBytes() / 1e6,
                    r.read(),
                    r.stored(),
                    r.opens(),
                    r.mbPerSecond(),
                    r.seconds(),
                    r.sha256sumMbPerSecond(),
                    r.sha256sumSeconds(),
                    ratio,
                    r.cpuSeconds() / (r.stored() / 1e9),
                    r.sha256sumCpuSeconds() / (r.stored() / 1e9),
                    r.maxHeap() / 1e6,
                    r.maxLive() / 1e6);
            long expected = r.frameBytes() * r.frames();
            ok &= r.state() == JobState.SUCCEEDED
                    && r.read() == expected
                    && r.stored() == expected
                    && r.opens() == r.frames();
            ok &= ratio >= 0.8;
        }
        long heap4x = rows.get(rows.size() - 1).maxLive();
        boolean flat = heap4x <= heap1x * 1.5 + (8L << 20);
        System.out.printf(
                "targets: each byte read once and stored once: %s; heap flat (live after GC, 4x %.1f MB vs 1x %.1f MB): %s; "
                        + "intake >= 0.8 x sha256sum at every size: %s%n",
                rows.stream()
                                .allMatch(r -> r.read() == r.frameBytes() * r.frames()
                                        && r.stored() == r.read()
                                        && r.opens() == r.frames())
                        ? "met"
                        : "NOT met",
                heap4x / 1e6,
                heap1x / 1e6,
                flat ? "met" : "NOT met",
                rows.stream().allMatch(r -> r.mbPerSecond() >= 0.8 * r.sha256sumMbPerSecond()) ? "met" : "NOT met");
        return ok && flat;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * The heap while frames stream: the most in use at any moment (sampled every 5 ms; includes garbage not yet
     * collected, so it follows the collector's rhythm) and the most still live right after a collection (what the
     * intake really holds). Starts after a full collection.
     */
    private static final class HeapWatch implements Runnable {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong max = new AtomicLong();
        private final AtomicLong maxLive = new AtomicLong();
        private final Thread thread = new Thread(this, "heap-watch");
        private final List<Runnable> unsubscribe = new ArrayList<>();
        private final java.util.Set<String> heapPools = new java.util.HashSet<>();
        private volatile boolean running = true;

        static HeapWatch start() {
            System.gc();
            HeapWatch w = new HeapWatch();
            w.maxLive.set(w.memory.getHeapMemoryUsage().getUsed()); // what is live before any frame streams
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    w.heapPools.add(pool.getName());
                }
            }
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter emitter) {
                    NotificationListener listener = (n, handback) -> w.afterCollection(n);
                    emitter.addNotificationListener(listener, null, null);
                    w.unsubscribe.add(() -> {
                        try {
                            emitter.removeNotificationListener(listener);
                        } catch (javax.management.ListenerNotFoundException e) {
                            // already gone
                        }
                    });
                }
            }
            w.thread.setDaemon(true);
            w.thread.start();
            return w;
        }

        private void afterCollection(Notification n) {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long live = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(e -> heapPools.contains(e.getKey()))
                        .mapToLong(e -> e.getValue().getUsed())
                        .sum();
                maxLive.accumulateAndGet(live, Math::max);
            }
        }

        @Override
        public void run() {
            while (running) {
                max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Stops watching; answers {most in use, most live after a collection}. */
        long[] finish() throws InterruptedException {
            running = false;
            thread.join();
            unsubscribe.forEach(Runnable::run);
            return new long[] {max.get(), maxLive.get()};
        }
    }
}

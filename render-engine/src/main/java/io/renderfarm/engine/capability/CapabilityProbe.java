package io.renderfarm.engine.capability;

import io.renderfarm.engine.job.FrameFormat;
import io.renderfarm.engine.render.Renderer;
import io.renderfarm.engine.render.RendererEnvironment;
import io.renderfarm.engine.render.RendererTemp;
import io.renderfarm.engine.store.Folders;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds out what this machine offers for rendering: each renderer's version and the image formats it writes, cores,
 * memory and GPU. Each call probes afresh (unless given a
 * {@link RendererVersionCache}); instances are immutable and thread-safe.
 *
 * <ul>
 *   <li>Renderers: each renderer's {@link Renderer#versionCommand} is run directly (argv, no shell) with stdin
 *       closed and a timeout, and its output (stdout and stderr together, exit code ignored since some packages
 *       exit non-zero after printing a version) is given to {@link Renderer#parseVersion}. A renderer that
 *       cannot be started, times out or prints no version is absent from the result.</li>
 *   <li>Cores: {@link Runtime#availableProcessors()}, which honours container CPU limits.</li>
 *   <li>Memory: {@code MemTotal} of {@code /proc/meminfo}, and the JVM's view of physical memory
 *       ({@code com.sun.management.OperatingSystemMXBean}); the smaller of the two when both are known, because
 *       in a container the JVM reports the cgroup limit while {@code /proc/meminfo} shows the whole host.</li>
 *   <li>GPU: present when {@code /dev/nvidia0} or a DRM render node {@code /dev/dri/renderD*} exists, else when
 *       {@code nvidia-smi -L} lists a {@code GPU}. This detects a device, not whether a renderer supports it
 *       (an integrated GPU has a render node too).</li>
 *   <li>GPUs: each card with its backends, from {@code nvidia-smi}, {@code rocm-smi} and Intel render nodes in
 *       {@code /dev/dri} (see {@link GpuProbe}); a machine with N of them offers N GPU slots.</li>
 * </ul>
 */
public final class CapabilityProbe {
    /** Blender loads its Python runtime before printing a version; 20 s leaves room on a busy machine. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private static final int MAX_OUTPUT_BYTES = 64 * 1024;
    private static final Pattern MEM_TOTAL = Pattern.compile("(?m)^MemTotal:\\s*(\\d+)\\s*kB");

    private final Duration timeout;
    private final Path meminfo;
    private final Path dev;
    private final RendererVersionCache versionCache;
    private final Path sys;

    /** A probe with {@link #DEFAULT_TIMEOUT} per command. */
    public CapabilityProbe() {
        this(DEFAULT_TIMEOUT);
    }

    /** A probe that gives each command at most {@code timeout}. */
    public CapabilityProbe(Duration timeout) {
        this(timeout, Path.of("/proc/meminfo"), Path.of("/dev"));
    }

    /** For tests: other locations of {@code /proc/meminfo} and {@code /dev}. */
    CapabilityProbe(Duration timeout, Path meminfo, Path dev) {
        this(timeout, meminfo, dev, null);
    }

    private CapabilityProbe(Duration timeout, Path meminfo, Path dev, RendererVersionCache versionCache) {
        this(timeout, meminfo, dev, versionCache, Path.of("/sys"));
    }

    private CapabilityProbe(Duration timeout, Path meminfo, Path dev, RendererVersionCache versionCache, Path sys) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("probe timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
        this.meminfo = meminfo;
        this.dev = dev;
        this.versionCache = versionCache;
        this.sys = sys;
    }

    /**
     * This probe, reading renderer versions from {@code cache} while the program file is unchanged; for short
     * command-line renders, where starting Blender only to read its version costs about 0.3 s.
     */
    public CapabilityProbe withVersionCache(RendererVersionCache cache) {
        return new CapabilityProbe(timeout, meminfo, dev, cache, sys);
    }

    /** Probes everything, running each renderer's {@link Renderer#defaultExecutable()}. */
    public Capabilities probe(List<? extends Renderer> renderers) {
        return probe(renderers, Map.of());
    }

    /**
     * Probes everything.
     *
     * @param executables renderer name to the program to run instead of its default executable (a configured
     *                    tool path); renderers not in it use {@link Renderer#defaultExecutable()}
     */
    public Capabilities probe(List<? extends Renderer> renderers, Map<String, String> executables) {
        Map<String, String> versions = new LinkedHashMap<>();
        Map<String, List<String>> formats = new LinkedHashMap<>();
        for (Renderer renderer : renderers) {
            String executable = executables.getOrDefault(renderer.name(), renderer.defaultExecutable());
            Optional<String> version = version(renderer, executable);
            if (version.isPresent()) {
                versions.put(renderer.name(), version.get());
                List<String> writes = formats(renderer, executable);
                if (!writes.isEmpty()) {
                    formats.put(renderer.name(), writes);
                }
            }
        }
        return new Capabilities(versions, cores(), ramMb(), gpu(), gpus(), formats);
    }

    /**
     * The image formats one renderer build writes ({@link Renderer#formatsCommand}), by their profile names; empty
     * when it does not tell. Cached with the version, under {@code <renderer>:formats}.
     */
    public List<String> formats(Renderer renderer, String executable) {
        Supplier<Optional<String>> ask = () -> run(renderer.formatsCommand(executable))
                .map(renderer::parseFormats)
                .filter(found -> !found.isEmpty())
                .map(found -> found.stream().map(FrameFormat::wireName).sorted().collect(Collectors.joining(" ")));
        Optional<String> listed =
                versionCache != null ? versionCache.version(renderer.name() + ":formats", executable, ask) : ask.get();
        return listed.map(text -> List.of(text.split(" "))).orElse(List.of());
    }

    /** The version of one renderer, or empty when it cannot be run or prints no version. */
    public Optional<String> version(Renderer renderer, String executable) {
        if (versionCache != null) {
            return versionCache.version(renderer.name(), executable, () -> runVersion(renderer, executable));
        }
        return runVersion(renderer, executable);
    }

    private Optional<String> runVersion(Renderer renderer, String executable) {
        return run(renderer.versionCommand(Objects.requireNonNull(executable, "executable")))
                .flatMap(renderer::parseVersion);
    }

    public int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Physical memory in MiB, see the class Javadoc; 0 when neither source knows. */
    public long ramMb() {
        OptionalLong fromProc = memTotalKb().stream().map(kb -> kb / 1024).findFirst();
        OptionalLong fromJvm =
                jvmTotalBytes().stream().map(bytes -> bytes / (1024 * 1024)).findFirst();
        if (fromProc.isPresent() && fromJvm.isPresent()) {
            return Math.min(fromProc.getAsLong(), fromJvm.getAsLong());
        }
        return fromProc.orElse(fromJvm.orElse(0));
    }

    /** Every GPU found, each with the backends Blender can render with on it. */
    public List<GpuDevice> gpus() {
        return new GpuProbe(this::run, dev, sys).gpus();
    }

    public boolean gpu() {
        return Files.exists(dev.resolve("nvidia0")) || hasRenderNode() || nvidiaSmiListsGpu();
    }

    OptionalLong memTotalKb() {
        try {
            Matcher m = MEM_TOTAL.matcher(Files.readString(meminfo, StandardCharsets.US_ASCII));
            return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
        } catch (IOException | RuntimeException unreadable) {
            return OptionalLong.empty(); // not Linux, or an unusual /proc: the JVM's figure remains
        }
    }

    private static OptionalLong jvmTotalBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long bytes = os.getTotalMemorySize();
            return bytes > 0 ? OptionalLong.of(bytes) : OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    private boolean hasRenderNode() {
        Path dri = dev.resolve("dri");
        if (!Files.isDirectory(dri)) {
            return false;
        }
        try (DirectoryStream<Path> nodes = Files.newDirectoryStream(dri, "renderD*")) {
            return nodes.iterator().hasNext();
        } catch (IOException unreadable) {
            return false;
        }
    }

    private boolean nvidiaSmiListsGpu() {
        return run(List.of("nvidia-smi", "-L"))
                .map(out -> out.lines().anyMatch(line -> line.startsWith("GPU ")))
                .orElse(false);
    }

    /** Output of a command, or empty when it cannot start or outlives the timeout. */
    Optional<String> run(List<String> argv) {
        Path folder = null;
        Process process = null;
        try {
            folder = Files.createTempDirectory("renderfarm-probe");
            // A file, not a pipe: a silent, hanging process can then never block this thread past the timeout.
            Path output = folder.resolve("output");
            ProcessBuilder builder =
                    new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile());
            // Only what a renderer may see (RendererEnvironment), and its temporary files too (Blender's
            // blender_XXXXXX), so a probe killed at the timeout leaves nothing.
            Map<String, String> environment = builder.environment();
            Map<String, String> passed = RendererEnvironment.of(environment);
            environment.clear();
            environment.putAll(passed);
            environment.put(RendererTemp.VARIABLE, folder.toString());
            process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
            return Optional.of(readCapped(output));
        } catch (IOException notStartable) {
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (process != null && process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            if (folder != null) {
                Folders.delete(folder);
            }
        }
    }

    private static String readCapped(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX_OUTPUT_BYTES), StandardCharsets.UTF_8);
        }
    }
}

package io.renderfarm.engine.render.resident;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.GpuBackend;
import io.renderfarm.engine.job.OutputFormat;
import io.renderfarm.engine.render.BlenderRenderer;
import io.renderfarm.engine.render.Quality;
import io.renderfarm.engine.render.RendererTemp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * One Blender process that keeps a scene loaded and renders the frames it is fed, through the driver script
 * ({@code blender_driver.py}, see {@link ResidentProtocol}): {@code blender -b --disable-autoexec <scene> -noaudio
 * --python-exit-code 1 --python-expr <driver>}, started from an argv list, never through a shell. The driver runs as
 * a command-line script; the scene's own Python runs only when its key allows scripts, as in
 * {@link BlenderRenderer}.
 *
 * <p>{@link #render} sends one command per frame and waits for the driver's reply to each, in order; Blender's own
 * output lines in between go to the caller, which parses them like a one-process render's. The process survives a
 * frame the driver reports as failed; it dies only by {@link #kill()}, a crash, or the end of its stdin (so it never
 * outlives the JVM that fed it).
 *
 * <p>Thread-safety: one {@link #render} at a time (calls are serialised); {@link #kill()} may be called from any
 * thread at any time and never blocks.
 */
public final class ResidentBlender {
    /** The driver's text, passed as {@code --python-expr} so no script file has to exist on the render server. */
    static final String DRIVER = BlenderRenderer.OUTPUT_SCRIPT + "\n" + loadDriver();

    private static final int EARLY_LINES = 50;

    private final ResidentKey key;
    private volatile int lastFrameThreads;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<ResidentProtocol.Reply> replies = new LinkedBlockingQueue<>();
    private final ResidentProtocol.Reply exited = new ResidentProtocol.Reply("exited", -1, "", "", 0);
    /** Output seen before the first render, handed to its caller so a failed start shows Blender's own words. */
    private final List<String> early = new ArrayList<>();

    private Consumer<String> sink;
    private boolean attachedOnce;
    private volatile int exitCode = Integer.MIN_VALUE;
    /** The bytecode cache this process reads, or null. */
    private final Path bytecode;

    private volatile boolean ready;
    private volatile boolean killed;
    private volatile boolean bytecodeDiscarded;

    private ResidentBlender(ResidentKey key, Process process, Path bytecode) {
        this.key = key;
        this.process = process;
        this.bytecode = bytecode;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /**
     * Starts Blender on the key's scene in {@code workDir}; returns at once (the scene loads while the first
     * frame's command waits in the pipe).
     *
     * @throws IOException when the program cannot be started
     */
    public static ResidentBlender start(ResidentKey key, Path workDir) throws IOException {
        return start(key, workDir, Map.of());
    }

    /**
     * {@link #start(ResidentKey, Path)} with variables added to the process's environment: those that leave it only
     * its slot's GPU ({@link io.renderfarm.engine.capability.GpuAssignment#environment()}).
     */
    public static ResidentBlender start(ResidentKey key, Path workDir, Map<String, String> env) throws IOException {
        return start(key, workDir, BlenderBytecodeCache.folderFor(key.executable()), env);
    }

    /** {@link #start(ResidentKey, Path)} with the given bytecode cache folder, if any. */
    static ResidentBlender start(ResidentKey key, Path workDir, Optional<Path> bytecode) throws IOException {
        return start(key, workDir, bytecode, Map.of());
    }

    private static ResidentBlender start(
            ResidentKey key, Path workDir, Optional<Path> bytecode, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(key, bytecode.isPresent()))
                .directory(workDir.toFile())
                .redirectErrorStream(true);
        Map<String, String> variables = new HashMap<>(env);
        bytecode.ifPresent(folder -> BlenderBytecodeCache.apply(variables, folder));
        Process process = RendererTemp.start(builder, workDir, variables);
        ResidentBlender blender = new ResidentBlender(key, process, bytecode.orElse(null));
        Thread reader = new Thread(blender::pump, "resident-blender-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return blender;
    }

    /** The argv of a resident Blender for this key, reading its bytecode cache when it has one. */
    static List<String> command(ResidentKey key, boolean bytecodeCache) {
        // No "-t": Blender's command-line thread count would override the per-frame count the driver sets.
        List<String> argv = new ArrayList<>(List.of(
                key.executable(),
                "-b",
                BlenderRenderer.autoexec(key.allowScripts()),
                key.scene().toString(),
                "-noaudio"));
        if (bytecodeCache) {
            argv.add(BlenderBytecodeCache.USE_ENVIRONMENT);
        }
        argv.addAll(List.of("--python-exit-code", "1", "--python-expr", DRIVER));
        return List.copyOf(argv);
    }

    /** The threads Blender rendered the last done frame with, as the driver reported them (0 before any). */
    public int lastFrameThreads() {
        return lastFrameThreads;
    }

    public ResidentKey key() {
        return key;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process's exit code once it has exited and its output is read; null while it runs. */
    public Integer exitCode() {
        int code = exitCode;
        return code == Integer.MIN_VALUE ? null : code;
    }

    /** {@link #render(FrameSet, Path, Quality, OutputFormat, int, GpuBackend, Consumer)} in the scene's own format on the CPU. */
    public String render(FrameSet frames, Path outputDir, Quality quality, int threads, Consumer<String> lines)
            throws InterruptedException {
        return render(frames, outputDir, quality, OutputFormat.SCENE, threads, null, lines);
    }

    /** {@link #render(FrameSet, Path, Quality, OutputFormat, int, GpuBackend, Consumer)} in the scene's own format. */
    public String render(
            FrameSet frames, Path outputDir, Quality quality, int threads, GpuBackend gpu, Consumer<String> lines)
            throws InterruptedException {
        return render(frames, outputDir, quality, OutputFormat.SCENE, threads, gpu, lines);
    }

    /**
     * Renders {@code frames} in order into {@code outputDir} ({@code rf_0012.exr}: the scene's padding, the
     * format's extension) at {@code quality}, on the process's GPU with {@code gpu} (null for the CPU), feeding
     * every output line to {@code lines} on the reader thread.
     *
     * @return null when the driver reported every frame done; otherwise why not. A failure with frames still
     *         queued kills the process, since it would go on rendering frames nobody waits for; so does a reply
     *         for another frame than expected.
     */
    public synchronized String render(
            FrameSet frames,
            Path outputDir,
            Quality quality,
            OutputFormat format,
            int threads,
            GpuBackend gpu,
            Consumer<String> lines)
            throws InterruptedException {
        attach(lines);
        try {
            if (!process.isAlive()) {
                return exitReason();
            }
            try {
                for (int frame : frames) {
                    stdin.write(ResidentProtocol.renderCommand(
                            frame, ResidentProtocol.outputBase(outputDir), quality, format, threads, gpu));
                    stdin.write('\n');
                }
                stdin.flush();
            } catch (IOException pipeClosed) {
                return awaitExitReason();
            }
            int answered = 0;
            for (int frame : frames) {
                ResidentProtocol.Reply reply = replies.take();
                answered++;
                if (reply == exited) {
                    return exitReason();
                }
                if (reply.frame() != frame) {
                    kill(); // out of step with the driver: nothing it says can be trusted any more
                    return "the Blender driver answered frame " + reply.frame() + " instead of " + frame;
                }
                lastFrameThreads = reply.threads();
                if (!reply.isDone()) {
                    if (answered < frames.size()) {
                        kill();
                    }
                    return "Blender could not render frame " + frame + ": " + reply.error();
                }
            }
            return null;
        } catch (InterruptedException e) {
            kill(); // whoever interrupted us will not read the replies of the frames still queued
            throw e;
        } finally {
            attach(null);
        }
    }

    private void attach(Consumer<String> lines) {
        synchronized (early) {
            sink = lines;
            if (lines != null) {
                attachedOnce = true;
                early.forEach(lines);
                early.clear();
            }
        }
    }

    private String awaitExitReason() throws InterruptedException {
        ResidentProtocol.Reply reply;
        do {
            reply = replies.take();
        } while (reply != exited);
        return exitReason();
    }

    private String exitReason() {
        int code = exitCode != Integer.MIN_VALUE ? exitCode : process.isAlive() ? -1 : process.exitValue();
        return "blender exited with code " + code
                + (bytecodeDiscarded ? " before it was ready; its bytecode cache " + bytecode + " was cleared" : "");
    }

    /**
     * Kills the process and all its descendants at once (SIGKILL); descendants are collected first, so none is
     * missed when the parent goes. Idempotent; never blocks.
     */
    public void kill() {
        killed = true;
        List<ProcessHandle> tree = new ArrayList<>();
        process.toHandle().descendants().forEach(tree::add);
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private void pump() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                ResidentProtocol.Reply reply = ResidentProtocol.parse(line).orElse(null);
                if (reply == null) {
                    deliver(line);
                } else if (reply.isReady()) {
                    ready = true;
                } else {
                    replies.add(reply);
                }
            }
        } catch (IOException closedByKill) {
            // The stream closes when the process is killed; its exit is reported below.
        }
        try {
            exitCode = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!ready && !killed && bytecode != null && exitCode != 0) {
            // A cache entry Python cannot load (a damaged file) would stop every later start the same way; without
            // the folder the next start compiles from source and fills it again.
            bytecodeDiscarded = BlenderBytecodeCache.discard(bytecode);
        }
        replies.add(exited);
    }

    private void deliver(String line) {
        synchronized (early) {
            if (sink != null) {
                sink.accept(line);
            } else if (!attachedOnce && early.size() < EARLY_LINES) {
                early.add(line);
            }
        }
    }

    private static String loadDriver() {
        try (InputStream in = ResidentBlender.class.getResourceAsStream("blender_driver.py")) {
            if (in == null) {
                throw new IllegalStateException("blender_driver.py is missing from the engine's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blender_driver.py", e);
        }
    }
}

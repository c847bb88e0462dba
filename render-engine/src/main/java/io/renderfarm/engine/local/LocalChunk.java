package io.renderfarm.engine.local;

import io.renderfarm.engine.capability.GpuAssignment;
import io.renderfarm.engine.capability.GpuDevice;
import io.renderfarm.engine.farm.ChunkEnd;
import io.renderfarm.engine.farm.ChunkExecution;
import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.job.Requirements;
import io.renderfarm.engine.render.ExitCodes;
import io.renderfarm.engine.render.FailureKind;
import io.renderfarm.engine.render.FileAccess;
import io.renderfarm.engine.render.OutputParser;
import io.renderfarm.engine.render.RenderInvocation;
import io.renderfarm.engine.render.RenderOutputListener;
import io.renderfarm.engine.render.Renderer;
import io.renderfarm.engine.render.RendererProcess;
import io.renderfarm.engine.render.RendererSandbox;
import io.renderfarm.engine.render.Renderers;
import io.renderfarm.engine.render.SceneOutput;
import io.renderfarm.engine.render.resident.ResidentBlender;
import io.renderfarm.engine.render.resident.ResidentKey;
import io.renderfarm.engine.render.resident.ResidentSlot;
import io.renderfarm.engine.store.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders one chunk with a renderer process on this machine: checks the scene, starts the renderer in a scratch
 * folder, reports progress and each saved frame as the renderer announces it, and reports the end with the
 * renderer's last words on failure. Every output line goes to {@link ChunkListener#output} for the chunk's log.
 * {@link #cancel()} kills the renderer's whole process tree. A renderer whose adapter names its file access runs
 * confined by the given {@link RendererSandbox} (POV-Ray: its scene's folder and its output folder), and Blender runs
 * scene scripts only when the sandbox allows them and the profile asks; without a sandbox given, neither: unconfined,
 * no scene scripts. Used by the standalone site's slots and, on a Jenkins agent, by the plugin.
 *
 * <p>The end says whose fault a failure is ({@link ChunkEnd#kind()}): what the renderer's adapter recognised in the
 * output ({@link RenderOutputListener#failure}), else a death by signal for the slot's, else unknown. A renderer
 * that goes on rendering after a scene error is killed, and frames it saves afterwards are not passed on.
 *
 * <p>Given a {@link ResidentSlot}, a Blender chunk is rendered by the slot's resident Blender (scene already
 * loaded, frames fed one by one) instead of a new process, with the same output parsing; a chunk for another
 * renderer first ends the slot's resident process. A resident process that dies mid-chunk fails the chunk like a
 * renderer process would, and the slot starts a fresh one for its next chunk.
 *
 * <p>Over 400 lines: one chunk's whole life — process or resident slot, output, frames, whose fault an end is — is
 * read in one place, as the scheduler reads {@code ChunkEnd}.
 */
public final class LocalChunk implements ChunkExecution {
    private static final int KEPT_LINES = 20;

    private final ChunkWork work;
    private final Path scratch;
    private final int threads;
    private final Map<String, String> executables;
    private final ChunkListener listener;
    private final ResidentSlot residentSlot;
    private final RendererSandbox sandbox;
    /** The GPU this slot renders on, null for a slot without one. */
    private final GpuDevice slotGpu;

    private final Deque<String> lastLines = new ArrayDeque<>();
    private static final ChunkEnd CANCELED = ChunkEnd.failed("canceled", FailureKind.SLOT, -1, null);

    private RendererProcess process;
    private ResidentBlender resident;
    private boolean canceled;
    private String firstError;
    private int currentFrame = -1;
    /** The first failure the adapter recognised in the output, or null; a scene error replaces a slot error. */
    private FailureKind classified;

    private String classifiedMessage;
    private int classifiedFrame = -1;

    /**
     * @param scratch     an empty folder for the renderer's output, deleted afterwards
     * @param threads     render threads for this process (0: the renderer decides)
     * @param executables renderer name to the program to run, for renderers not on PATH under their usual name
     */
    public LocalChunk(
            ChunkWork work, Path scratch, int threads, Map<String, String> executables, ChunkListener listener) {
        this(work, scratch, threads, executables, null, listener);
    }

    /**
     * An unconfined chunk (see {@link #LocalChunk(ChunkWork, Path, int, Map, ResidentSlot, RendererSandbox,
     * ChunkListener)}).
     *
     * @param residentSlot the slot's resident Blender holder; null renders every chunk in a process of its own
     */
    public LocalChunk(
            ChunkWork work,
            Path scratch,
            int threads,
            Map<String, String> executables,
            ResidentSlot residentSlot,
            ChunkListener listener) {
        this(work, scratch, threads, executables, residentSlot, RendererSandbox.OFF, null, listener);
    }

    /** A chunk confined by {@code sandbox} on a slot without a GPU of its own. */
    public LocalChunk(
            ChunkWork work,
            Path scratch,
            int threads,
            Map<String, String> executables,
            ResidentSlot residentSlot,
            RendererSandbox sandbox,
            ChunkListener listener) {
        this(work, scratch, threads, executables, residentSlot, sandbox, null, listener);
    }

    /**
     * @param residentSlot the slot's resident Blender holder; null renders every chunk in a process of its own
     * @param sandbox      confines a renderer whose adapter names its {@link Renderer#fileAccess file access}, and
     *                     decides whether a profile asking for scene scripts gets them
     * @param slotGpu      the one GPU this slot renders on ({@link GpuAssignment}), null for a slot without one; a
     *                     job asking for {@code device: gpu} renders on it with only it visible, and fails on a slot
     *                     without one as the slot's fault. The resident slot's processes must have been made with its
     *                     environment.
     */
    public LocalChunk(
            ChunkWork work,
            Path scratch,
            int threads,
            Map<String, String> executables,
            ResidentSlot residentSlot,
            RendererSandbox sandbox,
            GpuDevice slotGpu,
            ChunkListener listener) {
        this.slotGpu = slotGpu;
        this.work = work;
        this.sandbox = sandbox;
        this.scratch = scratch;
        this.threads = threads;
        this.executables = executables;
        this.residentSlot = residentSlot;
        this.listener = listener;
    }

    /** Runs the chunk to its end on the calling thread. */
    public void run() {
        ChunkEnd end;
        try {
            end = render();
        } catch (IOException e) {
            // The renderer is missing here, or this machine's disk refused the scratch folder.
            end = ChunkEnd.failed(
                    "cannot start " + work.job().renderer() + ": " + e.getMessage(), FailureKind.SLOT, -1, null);
        } catch (RuntimeException e) {
            end = ChunkEnd.failed("cannot render chunk: " + e.getMessage(), FailureKind.UNKNOWN, -1, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            end = ChunkEnd.failed("interrupted", FailureKind.SLOT, -1, null);
        } finally {
            deleteScratch();
        }
        listener.finished(end);
    }

    private ChunkEnd render() throws IOException, InterruptedException {
        Renderer renderer = Renderers.forName(work.job().renderer());
        Optional<String> badScene = renderer.rejectScene(work.job().scene());
        if (badScene.isPresent()) {
            // A scene missing on this machine may be a mount missing here: tried once more elsewhere.
            return ChunkEnd.failed(badScene.get(), FailureKind.UNKNOWN, -1, null);
        }
        Requirements needs = work.job().profile().requirements();
        GpuAssignment gpu = null;
        if (needs.gpu()) {
            if (slotGpu == null) {
                return ChunkEnd.failed("this slot has no GPU of its own to render on", FailureKind.SLOT, -1, null);
            }
            gpu = GpuAssignment.of(slotGpu, needs.gpuBackend()).orElse(null);
            if (gpu == null) {
                return ChunkEnd.failed(
                        "GPU " + slotGpu.index() + " (" + slotGpu.name() + ") offers no "
                                + needs.gpuBackend().wireName(),
                        FailureKind.SLOT,
                        -1,
                        null);
            }
        }
        Files.createDirectories(scratch);
        String executable = executables.getOrDefault(renderer.name(), renderer.defaultExecutable());
        RenderInvocation invocation = RenderInvocation.builder()
                .executable(executable)
                .scene(work.job().scene().toAbsolutePath())
                .frames(work.frames())
                .outputDir(scratch.toAbsolutePath())
                .threads(threads)
                .quality(work.quality())
                .format(work.job().profile().format())
                .allowScripts(sandbox.sceneScripts(work.job().profile().allowScripts()))
                .gpu(gpu == null ? null : gpu.backend())
                .build();
        Map<String, String> env = gpu == null ? Map.of() : gpu.environment();
        OutputParser parser = renderer.newParser(invocation);
        RenderOutputListener relay = new Relay();
        if (residentSlot != null) {
            if (renderer.supportsResident()) {
                return renderResident(renderer, invocation, parser, relay);
            }
            residentSlot.discard(); // the slot's next work is another renderer: free the scene's memory
        }
        RendererProcess started;
        synchronized (this) {
            if (canceled) {
                return CANCELED;
            }
            List<String> argv = renderer.command(invocation);
            Optional<FileAccess> access = renderer.fileAccess(invocation);
            if (access.isPresent()) {
                argv = sandbox.confine(argv, access.get());
            }
            process = RendererProcess.start(argv, scratch, env, line -> read(line, parser, relay));
            started = process;
        }
        int exit = started.waitFor();
        parser.finish(exit, relay);
        synchronized (this) {
            if (canceled) {
                return CANCELED;
            }
        }
        return exit == 0 && !classifiedFailure()
                ? ChunkEnd.success(exit)
                : ended(renderer.name() + " exited with code " + exit, exit);
    }

    private void read(String line, OutputParser parser, RenderOutputListener relay) {
        remember(line);
        listener.output(line);
        parser.accept(line, relay);
    }

    /**
     * How a renderer that did not end well failed: a failure its adapter recognised in the output first, then a
     * death by signal (killed, out of memory, crashed) as the slot's, otherwise of unknown cause.
     */
    private synchronized ChunkEnd ended(String how, Integer exit) {
        if (classified == FailureKind.SCENE) {
            return ChunkEnd.failed(classifiedMessage, FailureKind.SCENE, classifiedFrame, exit);
        }
        if (classified == FailureKind.SLOT) {
            return ChunkEnd.failed(how + ": " + classifiedMessage, FailureKind.SLOT, classifiedFrame, exit);
        }
        String signal = exit == null ? null : ExitCodes.signal(exit);
        if (signal != null) {
            return ChunkEnd.failed(how + " (" + signal + ")" + lastWords(), FailureKind.SLOT, currentFrame, exit);
        }
        return ChunkEnd.failed(how + lastWords(), FailureKind.UNKNOWN, currentFrame, exit);
    }

    private ChunkEnd renderResident(
            Renderer renderer, RenderInvocation invocation, OutputParser parser, RenderOutputListener relay)
            throws IOException, InterruptedException {
        // No command is built here, so nothing else refuses frames the renderer would not render as asked.
        Optional<String> badFrames = renderer.rejectFrames(invocation.frames());
        if (badFrames.isPresent()) {
            throw new IllegalArgumentException(badFrames.get());
        }
        ResidentKey key = ResidentKey.of(invocation.executable(), invocation.scene(), invocation.allowScripts());
        ResidentBlender blender;
        synchronized (this) {
            if (canceled) {
                return CANCELED;
            }
            blender = residentSlot.acquire(key);
            resident = blender;
        }
        try {
            String failure = blender.render(
                    work.frames(),
                    invocation.outputDir(),
                    work.quality(),
                    invocation.format(),
                    threads,
                    invocation.gpu(),
                    line -> read(line, parser, relay));
            parser.finish(failure == null ? 0 : 1, relay);
            synchronized (this) {
                if (canceled) {
                    return CANCELED;
                }
            }
            if (failure == null && !classifiedFailure()) {
                return ChunkEnd.success(null);
            }
            if (failure == null) {
                return ended(renderer.name(), null);
            }
            // A dead process explains itself only by its output; a failed frame's reply already names the error.
            if (blender.isAlive()) {
                synchronized (this) {
                    return classified != null
                            ? ended(failure, null)
                            : ChunkEnd.failed(failure, FailureKind.UNKNOWN, currentFrame, null);
                }
            }
            return ended(failure, blender.exitCode());
        } finally {
            residentSlot.release();
        }
    }

    private final class Relay implements RenderOutputListener {
        @Override
        public void frameStarted(int frame) {
            synchronized (LocalChunk.this) {
                currentFrame = frame;
            }
            if (!stopAfterSceneError()) {
                listener.progress(frame, 0);
            }
        }

        @Override
        public void progress(int frame, double fraction) {
            if (!stopAfterSceneError()) {
                listener.progress(frame, fraction);
            }
        }

        @Override
        public void frameSaved(int frame, Path file) {
            // A frame rendered from a scene that did not load whole is not one to keep.
            if (!stopAfterSceneError()) {
                listener.frameRendered(frame, scratch.resolve(file));
            }
        }

        @Override
        public void sceneOutput(SceneOutput output) {
            listener.sceneOutput(output);
        }

        @Override
        public void error(String message) {
            synchronized (LocalChunk.this) {
                if (firstError == null) {
                    firstError = message; // the first error names the cause; later ones are its consequences
                }
            }
        }

        @Override
        public void failure(FailureKind kind, String message) {
            synchronized (LocalChunk.this) {
                if (classified == FailureKind.SCENE || classified == kind) {
                    return; // the first names the cause; a scene error outranks a slot error it may have caused
                }
                classified = kind;
                classifiedMessage = message;
                classifiedFrame =
                        currentFrame >= 0 ? currentFrame : work.frames().first();
            }
        }
    }

    /**
     * Fail fast: a renderer that goes on rendering after a scene error (Blender, without a missing library or past
     * a script's error) is killed at its next sign of rendering; one that stops by itself (POV-Ray after a parse
     * error) is left to end, so its last words reach the log. True when there was a scene error.
     */
    private boolean stopAfterSceneError() {
        synchronized (this) {
            if (classified != FailureKind.SCENE) {
                return false;
            }
        }
        kill();
        return true;
    }

    /** Whether the adapter recognised a failure in the output; the output is read on another thread. */
    private synchronized boolean classifiedFailure() {
        return classified != null;
    }

    private synchronized void remember(String line) {
        if (line.isBlank()) {
            return;
        }
        lastLines.addLast(line.strip());
        while (lastLines.size() > KEPT_LINES) {
            lastLines.removeFirst();
        }
    }

    /** The renderer's own first error message when it gave one (POV-Ray's last line is only "Render failed"). */
    private synchronized String lastWords() {
        if (firstError != null) {
            return ": " + firstError;
        }
        return lastLines.isEmpty() ? "" : ": " + lastLines.peekLast();
    }

    @Override
    public void cancel() {
        synchronized (this) {
            canceled = true;
        }
        kill();
    }

    private synchronized void kill() {
        if (process != null) {
            process.killTree();
        }
        if (resident != null) {
            resident.kill();
        }
    }

    private void deleteScratch() {
        // Scratch is disposable; a leftover folder is removed with the store's partial files.
        Folders.delete(scratch);
    }
}

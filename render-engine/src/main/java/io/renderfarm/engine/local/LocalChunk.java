package io.renderfarm.engine.local;

import io.renderfarm.engine.render.BlenderRenderer;
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
import io.renderfarm.engine.schedule.ChunkExecution;
import io.renderfarm.engine.schedule.ChunkListener;
import io.renderfarm.engine.schedule.ChunkWork;
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
 * renderer's last words on failure. {@link #cancel()} kills the renderer's whole process tree. A renderer whose
 * adapter names its file access runs confined by the given {@link RendererSandbox} (POV-Ray: its scene's folder and
 * its output folder), and Blender runs scene scripts only when the sandbox allows them and the profile asks; without
 * a sandbox given, neither: unconfined, no scene scripts. Used by the standalone site's slots and, on a Jenkins
 * agent, by the plugin.
 *
 * <p>Given a {@link ResidentSlot}, a Blender chunk is rendered by the slot's resident Blender (scene already
 * loaded, frames fed one by one) instead of a new process, with the same output parsing; a chunk for another
 * renderer first ends the slot's resident process. A resident process that dies mid-chunk fails the chunk like a
 * renderer process would, and the slot starts a fresh one for its next chunk.
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
    private final Deque<String> lastLines = new ArrayDeque<>();
    private RendererProcess process;
    private ResidentBlender resident;
    private boolean canceled;
    private String firstError;

    /**
     * @param scratch     an empty folder for the renderer's output, deleted afterwards
     * @param threads     render threads for this process (0: the renderer decides)
     * @param executables renderer name to the program to run, for renderers not on PATH under their usual name
     */
    public LocalChunk(ChunkWork work, Path scratch, int threads, Map<String, String> executables, ChunkListener listener) {
        this(work, scratch, threads, executables, null, listener);
    }

    /**
     * An unconfined chunk (see {@link #LocalChunk(ChunkWork, Path, int, Map, ResidentSlot, RendererSandbox,
     * ChunkListener)}).
     *
     * @param residentSlot the slot's resident Blender holder; null renders every chunk in a process of its own
     */
    public LocalChunk(ChunkWork work, Path scratch, int threads, Map<String, String> executables,
                      ResidentSlot residentSlot, ChunkListener listener) {
        this(work, scratch, threads, executables, residentSlot, RendererSandbox.OFF, listener);
    }

    /**
     * @param residentSlot the slot's resident Blender holder; null renders every chunk in a process of its own
     * @param sandbox      confines a renderer whose adapter names its {@link Renderer#fileAccess file access}, and
     *                     decides whether a profile asking for scene scripts gets them
     */
    public LocalChunk(ChunkWork work, Path scratch, int threads, Map<String, String> executables,
                      ResidentSlot residentSlot, RendererSandbox sandbox, ChunkListener listener) {
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
        String failure;
        try {
            failure = render();
        } catch (IOException e) {
            failure = "cannot start " + work.job().renderer() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            failure = "cannot render chunk: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            failure = "interrupted";
        } finally {
            deleteScratch();
        }
        listener.finished(failure);
    }

    private String render() throws IOException, InterruptedException {
        Renderer renderer = Renderers.forName(work.job().renderer());
        Optional<String> badScene = renderer.rejectScene(work.job().scene());
        if (badScene.isPresent()) {
            return badScene.get();
        }
        Files.createDirectories(scratch);
        String executable = executables.getOrDefault(renderer.name(), renderer.defaultExecutable());
        RenderInvocation invocation = new RenderInvocation(executable, work.job().scene().toAbsolutePath(),
                work.frames(), scratch.toAbsolutePath(), threads, work.quality(), work.job().profile().format(),
                sandbox.sceneScripts(work.job().profile().allowScripts()));
        OutputParser parser = renderer.newParser(invocation);
        RenderOutputListener relay = new Relay();
        if (residentSlot != null) {
            if (BlenderRenderer.NAME.equals(renderer.name())) {
                return renderResident(invocation, parser, relay);
            }
            residentSlot.discard(); // the slot's next work is another renderer: free the scene's memory
        }
        RendererProcess started;
        synchronized (this) {
            if (canceled) {
                return "canceled";
            }
            List<String> argv = renderer.command(invocation);
            Optional<FileAccess> access = renderer.fileAccess(invocation);
            if (access.isPresent()) {
                argv = sandbox.confine(argv, access.get());
            }
            process = RendererProcess.start(argv, scratch, Map.of(), line -> {
                remember(line);
                parser.accept(line, relay);
            });
            started = process;
        }
        int exit = started.waitFor();
        parser.finish(exit, relay);
        synchronized (this) {
            if (canceled) {
                return "canceled";
            }
        }
        return exit == 0 ? null : renderer.name() + " exited with code " + exit + lastWords();
    }

    private String renderResident(RenderInvocation invocation, OutputParser parser, RenderOutputListener relay)
            throws IOException, InterruptedException {
        if (invocation.frames().last() > BlenderRenderer.MAX_FRAME) {
            throw new IllegalArgumentException("Blender renders frames up to " + BlenderRenderer.MAX_FRAME + ", not "
                    + invocation.frames().last());
        }
        ResidentKey key = ResidentKey.of(invocation.executable(), invocation.scene(), invocation.allowScripts());
        ResidentBlender blender;
        synchronized (this) {
            if (canceled) {
                return "canceled";
            }
            blender = residentSlot.acquire(key);
            resident = blender;
        }
        try {
            String failure = blender.render(work.frames(), invocation.outputDir(), work.quality(), invocation.format(),
                    threads, line -> {
                        remember(line);
                        parser.accept(line, relay);
                    });
            parser.finish(failure == null ? 0 : 1, relay);
            synchronized (this) {
                if (canceled) {
                    return "canceled";
                }
            }
            // A dead process explains itself only by its output; a failed frame's reply already names the error.
            return failure == null ? null : blender.isAlive() ? failure : failure + lastWords();
        } finally {
            residentSlot.release();
        }
    }

    private final class Relay implements RenderOutputListener {
        @Override
        public void frameStarted(int frame) {
            listener.progress(frame, 0);
        }

        @Override
        public void progress(int frame, double fraction) {
            listener.progress(frame, fraction);
        }

        @Override
        public void frameSaved(int frame, Path file) {
            listener.frameRendered(frame, scratch.resolve(file));
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

package io.renderfarm.engine.render;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A renderer process started from an argv list (never through a shell), its merged output fed line by line to
 * a consumer on a reader thread, and a {@link #killTree()} that ends the process and every descendant. Its
 * temporary files go to a folder of its own in the work folder ({@link RendererTemp}), deleted once it has exited,
 * however it ended.
 */
public final class RendererProcess {
    private final Process process;
    private final Thread reader;
    private final CompletableFuture<Void> tempCleaned;

    private RendererProcess(Process process, Thread reader, CompletableFuture<Void> tempCleaned) {
        this.process = process;
        this.reader = reader;
        this.tempCleaned = tempCleaned;
    }

    /**
     * Starts {@code argv} in {@code workDir}; each output line (stdout and stderr merged) goes to {@code lines}. The
     * process sees only the variables {@link RendererEnvironment} passes on, and {@code env}.
     *
     * @throws IOException when the program cannot be started (not installed, not executable)
     */
    public static RendererProcess start(
            List<String> argv, Path workDir, Map<String, String> env, Consumer<String> lines) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(argv))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        RendererTemp.Started started = RendererTemp.startTracked(builder, workDir, env);
        Process process = started.process();
        Thread reader = new Thread(() -> pump(process, lines), "renderer-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return new RendererProcess(process, reader, started.cleaned());
    }

    private static void pump(Process process, Consumer<String> lines) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.accept(line);
            }
        } catch (IOException closedByKill) {
            // The stream closes when the process tree is killed; nothing more to read.
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for exit, for the last output line to be consumed and for the temporary folder to be gone (so a caller
     * that lists or hands on the work folder next never sees it); returns the exit code.
     */
    public int waitFor() throws InterruptedException {
        int code = process.waitFor();
        afterExit();
        return code;
    }

    /** Waits at most {@code timeout}; true when the process exited and its output was consumed. */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        afterExit();
        return true;
    }

    private void afterExit() throws InterruptedException {
        reader.join(TimeUnit.SECONDS.toMillis(10));
        try {
            tempCleaned.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException leftForLater) {
            // A folder that could not be deleted in time is no reason to fail a finished render.
        }
    }

    /**
     * Kills the process and all its descendants at once (SIGKILL). Descendants are collected first, so children
     * re-parented by the renderer's exit are not missed. Idempotent; never blocks on the process.
     */
    public void killTree() {
        List<ProcessHandle> tree = new ArrayList<>();
        process.toHandle().descendants().forEach(tree::add);
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
    }
}

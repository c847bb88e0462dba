package io.renderfarm.engine.render;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The renderer-adapter tests' fixture: feeds one {@link OutputParser} (a captured log, single lines, or a real
 * renderer process) and records everything it reports, in order. A real process's lines arrive on its reader
 * thread; read the record once the process ended ({@link #render} returns then).
 */
public final class OutputRecorder implements RenderOutputListener {
    /** Each {@link #frameStarted} frame. */
    public final List<Integer> started = new ArrayList<>();
    /** {@code frame:fraction} of each {@link #progress} call. */
    public final List<String> progress = new ArrayList<>();
    /** Each saved frame's file, in the order saved. */
    public final Map<Integer, Path> saved = new LinkedHashMap<>();

    public final List<String> errors = new ArrayList<>();
    public final List<SceneOutput> output = new ArrayList<>();
    /** {@code kind: message} of each classified failure. */
    public final List<String> failures = new ArrayList<>();

    private final OutputParser parser;
    private volatile int exitCode;

    public OutputRecorder(OutputParser parser) {
        this.parser = parser;
    }

    /** A recorder of a fresh parser for one process of this invocation. */
    public static OutputRecorder of(Renderer renderer, RenderInvocation invocation) {
        return new OutputRecorder(renderer.newParser(invocation));
    }

    /**
     * Renders the invocation with the adapter's command in its output folder, as a render slot does, and finishes
     * the parser with the exit code.
     */
    public static OutputRecorder render(Renderer renderer, RenderInvocation invocation)
            throws IOException, InterruptedException {
        OutputRecorder recorder = of(renderer, invocation);
        RendererProcess process =
                RendererProcess.start(renderer.command(invocation), invocation.outputDir(), Map.of(), recorder::accept);
        recorder.finish(process.waitFor());
        return recorder;
    }

    /**
     * Feeds a log captured from a real renderer, a resource next to this class; the parser is not finished.
     * Lines split at {@code \n}, {@code \r} and {@code \r\n}, as {@link RendererProcess} splits them.
     */
    public OutputRecorder feed(String resource) throws IOException {
        InputStream log = OutputRecorder.class.getResourceAsStream(resource);
        if (log == null) {
            throw new IOException("no captured log " + resource + " next to " + OutputRecorder.class.getName());
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(log, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                accept(line);
            }
        }
        return this;
    }

    /** Feeds one line of output. */
    public void accept(String line) {
        parser.accept(line, this);
    }

    /** Tells the parser the process exited with {@code exit}. */
    public void finish(int exit) {
        exitCode = exit;
        parser.finish(exit, this);
    }

    /** The exit code given to {@link #finish}. */
    public int exitCode() {
        return exitCode;
    }

    @Override
    public synchronized void frameStarted(int frame) {
        started.add(frame);
    }

    @Override
    public synchronized void progress(int frame, double fraction) {
        progress.add(frame + ":" + fraction);
    }

    @Override
    public synchronized void frameSaved(int frame, Path file) {
        saved.put(frame, file);
    }

    @Override
    public synchronized void sceneOutput(SceneOutput value) {
        output.add(value);
    }

    @Override
    public synchronized void error(String message) {
        errors.add(message);
    }

    @Override
    public synchronized void failure(FailureKind kind, String message) {
        failures.add(kind.wireName() + ": " + message);
    }
}

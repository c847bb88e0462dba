package io.renderfarm.engine.sample;

import io.renderfarm.engine.render.RendererEnvironment;
import io.renderfarm.engine.render.RendererTemp;
import io.renderfarm.engine.store.Folders;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code ffmpeg} program (Debian's package; it decodes OpenEXR and encodes H.264 with libx264) for proxies
 * and the preview movie: argv lists, never a shell, output to a file so a silent process cannot block, at the lowest
 * CPU priority ({@code nice -n 19}, when {@code nice} is there) so rendering keeps the cores, only the environment a
 * renderer gets (it reads files renderers wrote), a timeout, and the whole process tree killed on timeout or
 * {@link #abort()}. One process at a time; thread-safe.
 */
final class Ffmpeg {
    private final String executable;
    private final String nice;
    private Process running;
    private boolean aborted;

    Ffmpeg(String executable, String nice) {
        this.executable = executable;
        this.nice = nice;
    }

    /** The {@code ffmpeg} on PATH, if any; found without starting it. */
    static Optional<Ffmpeg> onPath() {
        return locate("ffmpeg").map(ffmpeg -> new Ffmpeg(ffmpeg, locate("nice").orElse(null)));
    }

    static Optional<String> locate(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = dir.isEmpty() ? null : Path.of(dir, program);
            if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code ffmpeg -nostdin -hide_banner -loglevel error <args>} in {@code folder}.
     *
     * @return null when it exited with 0, else why not (its last error line, or the timeout)
     */
    String run(List<String> args, Path folder, Duration timeout) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        if (nice != null) {
            argv.addAll(List.of(nice, "-n", "19"));
        }
        argv.addAll(List.of(executable, "-nostdin", "-hide_banner", "-loglevel", "error"));
        argv.addAll(args);
        Path log = Files.createTempFile(folder, "ffmpeg-", ".log");
        Process process;
        synchronized (this) {
            if (aborted) {
                return "aborted";
            }
            ProcessBuilder builder = new ProcessBuilder(argv)
                    .directory(folder.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            Map<String, String> environment = builder.environment();
            Map<String, String> passed = environment(environment, folder);
            environment.clear();
            environment.putAll(passed);
            process = builder.start();
            running = process;
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                return "ffmpeg took longer than " + timeout.toSeconds() + " s";
            }
            int exit = process.exitValue();
            return exit == 0 ? null : "ffmpeg exited with code " + exit + lastLine(log);
        } finally {
            synchronized (this) {
                running = null;
            }
            kill(process);
            Files.deleteIfExists(log);
        }
    }

    /**
     * What ffmpeg gets of {@code inherited}: only what a renderer gets ({@link RendererEnvironment}, never a
     * {@code RENDERFARM_} secret such as the site's token), and {@code TMPDIR} in the job's work folder.
     */
    static Map<String, String> environment(Map<String, String> inherited, Path folder) {
        Map<String, String> passed = new java.util.LinkedHashMap<>(RendererEnvironment.of(inherited));
        passed.put(RendererTemp.VARIABLE, folder.toAbsolutePath().toString());
        return passed;
    }

    /** Kills the running process and refuses further runs; for a job that ends before its samples do. */
    void abort() {
        Process process;
        synchronized (this) {
            aborted = true;
            process = running;
        }
        if (process != null) {
            kill(process);
        }
    }

    private static void kill(Process process) {
        List<ProcessHandle> tree = new ArrayList<>();
        process.toHandle().descendants().forEach(tree::add);
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank())
                    .toList();
            return lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1).strip();
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
    }

    /** A folder for one job's proxies and movie frames, removed by {@link Folders#delete}. */
    static Path workFolder() throws IOException {
        return Files.createTempDirectory("renderfarm-samples-");
    }
}

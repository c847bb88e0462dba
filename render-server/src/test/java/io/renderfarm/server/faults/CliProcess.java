package io.renderfarm.server.faults;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A {@code renderfarm} command run as its own process, as a user runs it, output captured to files. */
public final class CliProcess {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private CliProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static CliProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        Files.createDirectories(workDir);
        List<String> cmd = new ArrayList<>(ServeProcess.javaCommand());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "cli-", ".out");
        Path err = Files.createTempFile(workDir, "cli-", ".err");
        ProcessBuilder builder = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().remove("RENDERFARM_TOKEN");
        builder.environment().putAll(env);
        return new CliProcess(builder.start(), out, err);
    }

    /** Runs to the end, at most {@code timeout}. */
    public static CliProcess run(Path workDir, Duration timeout, String... args)
            throws IOException, InterruptedException {
        CliProcess cli = start(workDir, Map.of(), args);
        cli.waitFor(timeout);
        return cli;
    }

    public int waitFor(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("renderfarm did not finish in " + timeout + ":\n" + stdout() + stderr());
        }
        return process.exitValue();
    }

    /** The exit code when the command ends within {@code timeout}; null while it is still running. */
    public Integer waitForOrNull(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    public int exitCode() {
        return process.exitValue();
    }

    public String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    public String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    public List<String> stdoutLines() throws IOException {
        return Files.readAllLines(stdout, StandardCharsets.UTF_8);
    }
}

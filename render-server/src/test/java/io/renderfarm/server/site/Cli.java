package io.renderfarm.server.site;

import io.renderfarm.server.faults.ServeProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code renderfarm} commands as separate processes, as a user would, capturing their output to files. */
final class Cli {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private Cli(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static Cli start(Path workDir, String... args) throws IOException {
        Files.createDirectories(workDir);
        List<String> cmd = new ArrayList<>(ServeProcess.javaCommand());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "cli-", ".out");
        Path err = Files.createTempFile(workDir, "cli-", ".err");
        Process p = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        return new Cli(p, out, err);
    }

    /** Runs to the end (at most {@code seconds}) and returns the exit code. */
    static Cli run(Path workDir, long seconds, String... args) throws IOException, InterruptedException {
        Cli cli = start(workDir, args);
        cli.waitFor(seconds);
        return cli;
    }

    int waitFor(long seconds) throws IOException, InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("renderfarm did not finish in " + seconds + " s:\n" + stdout() + stderr());
        }
        return process.exitValue();
    }

    int exitCode() {
        return process.exitValue();
    }

    /** Sends SIGINT, what Ctrl-C in a terminal sends. */
    void interrupt() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
    }

    List<String> stdoutLines() throws IOException {
        return Files.readAllLines(stdout, StandardCharsets.UTF_8);
    }

    String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }
}

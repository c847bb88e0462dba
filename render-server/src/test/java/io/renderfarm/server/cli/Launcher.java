package io.renderfarm.server.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The repository's bash scripts ({@code ./renderfarm}, {@code scripts/install-deps}) run as a user runs them, with a
 * {@code PATH} of this test's choosing: a folder of stand-ins for the few programs the scripts use, so a test decides
 * which renderers (and which package tools) exist. The launcher runs {@link #cliJar} — a jar whose manifest points
 * at this JVM's class path — since the shaded jar exists only after {@code package}.
 */
final class Launcher {
    /** What the scripts and the JVM need from {@code PATH}. */
    private static final List<String> TOOLS = List.of(
            "bash",
            "java",
            "dirname",
            "readlink",
            "cksum",
            "cut",
            "mkdir",
            "mv",
            "rm",
            "env",
            "cat",
            "id",
            "mktemp",
            "tail",
            "ls",
            "ln",
            "seq",
            "chmod");

    private Launcher() {}

    /** The repository's root: the folder above holding {@code renderfarm} and {@code scripts/install-deps}. */
    static Path repository() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("renderfarm"))
                    && Files.isRegularFile(p.resolve("scripts/install-deps"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "the repository root is not above " + Path.of("").toAbsolutePath());
    }

    /** A folder of stand-ins for {@link #TOOLS} and nothing else: no renderer, no apt-get, no sudo. */
    static Path toolsOnly(Path bin) throws IOException {
        Files.createDirectories(bin);
        for (String tool : TOOLS) {
            passThrough(bin.resolve(tool), which(tool));
        }
        return bin;
    }

    /** A script that runs {@code real} with its arguments (a script, not a link, so the temporary folder holds no links). */
    static Path passThrough(Path file, Path real) throws IOException {
        return script(file, "exec " + real + " \"$@\"");
    }

    /** The real program {@code name} on this JVM's {@code PATH}. */
    static Path which(String name) throws IOException {
        if (name.equals("java")) {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate.toRealPath();
            }
        }
        throw new IOException(name + " is not on PATH");
    }

    /** A jar that runs the CLI from this JVM's class path, for {@code RENDERFARM_JAR}. */
    static Path cliJar(Path dir) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, RenderFarmCli.class.getName());
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(Path.of(entry).toAbsolutePath().toUri().toString());
        }
        main.put(Attributes.Name.CLASS_PATH, String.join(" ", entries));
        Path jar = Files.createDirectories(dir).resolve("renderfarm.jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream unused = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }

    /** An executable bash script. */
    static Path script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/bash\n" + body + "\n", StandardCharsets.UTF_8);
        file.toFile().setExecutable(true);
        return file;
    }

    /** What a finished run printed and returned. */
    record Run(int exit, String out, String err) {}

    /** Runs {@code program args} in {@code workDir} with exactly {@code env}, at most {@code timeout}. */
    static Run run(Path workDir, Map<String, String> env, Duration timeout, List<String> command)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "run-", ".out");
        Path err = Files.createTempFile(workDir, "run-", ".err");
        List<String> argv = new ArrayList<>(List.of(which("bash").toString()));
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish in " + timeout + ":\n" + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}

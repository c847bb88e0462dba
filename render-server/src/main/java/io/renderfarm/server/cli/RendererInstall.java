package io.renderfarm.server.cli;

import io.renderfarm.engine.render.Renderers;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Installs a renderer at the moment a command is about to use it and finds it missing, never earlier: help, a
 * refused option or a missing scene install nothing. The installer is the program {@code $RENDERFARM_INSTALL_DEPS}
 * names ({@code ./renderfarm} sets it to {@code scripts/install-deps}, which installs from Debian with
 * {@code apt-get}); it gets the renderers' names as arguments and talks to the user on standard error. Without the
 * variable (the jar run directly, the tests) nothing is installed and the command reports the missing renderer as
 * it would anyway.
 */
final class RendererInstall {
    /** The environment variable naming the installer. */
    static final String INSTALLER = "RENDERFARM_INSTALL_DEPS";

    private final Map<String, String> env;
    private final PrintStream log;

    RendererInstall(Map<String, String> env, PrintStream log) {
        this.env = env;
        this.log = log;
    }

    /** For this process: its environment, notes on standard error. */
    static RendererInstall forThisProcess() {
        return new RendererInstall(System.getenv(), System.err);
    }

    /**
     * Makes sure each named renderer's program is on {@code PATH}, installing the missing ones.
     *
     * @throws RendererMissingException when one is missing and cannot be installed
     */
    void ensure(Collection<String> renderers) throws IOException, InterruptedException {
        List<String> missing = missing(renderers);
        String installer = env.get(INSTALLER);
        if (missing.isEmpty() || installer == null || installer.isBlank()) {
            return;
        }
        log.println("renderfarm: " + String.join(" and ", missing) + " not found; installing with " + installer);
        List<String> argv = new ArrayList<>(List.of(installer));
        argv.addAll(missing);
        // Standard output stays the command's own (JSON lines); the installer speaks on standard error.
        Process install = new ProcessBuilder(argv)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .start();
        int exit = install.waitFor();
        List<String> still = missing(renderers);
        if (exit != 0 || !still.isEmpty()) {
            throw new RendererMissingException(String.join(" and ", still.isEmpty() ? missing : still)
                    + " is not installed and could not be installed (" + installer + " exited " + exit
                    + "); install it with apt-get (Debian) or your package manager, then run the command again");
        }
    }

    /** The renderers of {@code names} whose program is not on {@code PATH}, in their order. */
    List<String> missing(Collection<String> names) {
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (!onPath(Renderers.forName(name).defaultExecutable())) {
                missing.add(name);
            }
        }
        return missing;
    }

    private boolean onPath(String program) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()
                    && Files.isExecutable(Path.of(dir, program))
                    && !Files.isDirectory(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** A renderer the command needs is missing and could not be installed: exit 1, one line. */
    static final class RendererMissingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RendererMissingException(String message) {
            super(message, null, false, false);
        }
    }
}

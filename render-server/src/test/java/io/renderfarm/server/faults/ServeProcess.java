package io.renderfarm.server.faults;

import io.renderfarm.engine.site.client.SiteClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code renderfarm serve} process on loopback for tests, started from the test JVM's class path (the
 * shaded jar exists only after {@code package}), on a free port it reads from the site's first line. Fault tests
 * also give it its own environment (a {@code PATH} whose {@code povray} or {@code blender} is a wrapper around the
 * real renderer), a fixed port to restart on, and look at the renderer processes it started (to SIGKILL or SIGSTOP
 * them) and at everything it printed (to look for secrets).
 */
public final class ServeProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("site listening on (http://[^/ ]+)/");
    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile URI uri;

    private ServeProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "serve-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** A site on a free port, with more {@code serve} options. */
    public static ServeProcess start(Path data, int slots, String... extra) throws IOException, InterruptedException {
        return start(data, slots, 0, Map.of(), extra);
    }

    /** A site on {@code port} (0: a free one), with more {@code serve} options. */
    public static ServeProcess start(Path data, int slots, int port, String... extra)
            throws IOException, InterruptedException {
        return start(data, slots, port, Map.of(), extra);
    }

    /** Starts {@code serve --data data --slots slots --port port} plus {@code extra}, with {@code env} added. */
    public static ServeProcess start(Path data, int slots, int port, Map<String, String> env, String... extra)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(List.of(
                "serve",
                "--port",
                Integer.toString(port),
                "--data",
                data.toString(),
                "--slots",
                Integer.toString(slots)));
        cmd.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        builder.environment().remove("RENDERFARM_TOKEN");
        builder.environment().putAll(env);
        ServeProcess site = new ServeProcess(builder.start());
        if (!site.started.await(60, TimeUnit.SECONDS) || site.uri == null) {
            site.kill9();
            throw new IllegalStateException("the site did not start:\n" + site.output());
        }
        return site;
    }

    /** {@code java -cp <this JVM's class path> RenderFarmCli}: the CLI as a separate process, SIGINT at its default. */
    public static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>(SIGINT_AS_IN_A_TERMINAL);
        cmd.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.renderfarm.server.cli.RenderFarmCli"));
        return cmd;
    }

    /**
     * A prefix that gives the started program SIGINT's default action. A test suite started in the background of a
     * shell without job control ({@code nohup mvn test &}) inherits SIGINT ignored, and so would the CLI, which then
     * could not be "Ctrl-C"-ed; {@code env --default-signal} (coreutils 8.31) undoes that. Empty where {@code env}
     * lacks the option.
     */
    public static final List<String> SIGINT_AS_IN_A_TERMINAL = defaultSigint();

    private static List<String> defaultSigint() {
        try {
            Process probe = new ProcessBuilder("env", "--default-signal=INT", "true")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0
                    ? List.of("env", "--default-signal=INT")
                    : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** A port free now, for a site that must come back on the same address after a crash. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** {@code env} with {@code bin} first on {@code PATH}, so the site runs the wrappers in it. */
    public static Map<String, String> pathFirst(Path bin) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin.toAbsolutePath() + ":" + System.getenv("PATH"));
        return env;
    }

    private void read() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher m = LISTENING.matcher(line);
                if (uri == null && m.find()) {
                    uri = URI.create(m.group(1));
                    started.countDown();
                }
            }
        } catch (IOException ended) {
            // the process died; its output so far is kept
        } finally {
            started.countDown();
        }
    }

    public URI uri() {
        return uri;
    }

    public SiteClient client() {
        return new SiteClient(uri, null);
    }

    public SiteClient client(String token) {
        return new SiteClient(uri, token);
    }

    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The first live renderer process (real {@code blender} or {@code povray}, not a wrapper script) of this site. */
    public Optional<ProcessHandle> renderer() {
        return process.descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info()
                        .command()
                        .map(c -> c.endsWith("/blender") || c.endsWith("/povray"))
                        .orElse(false))
                .filter(p -> p.info().command().map(c -> c.startsWith("/usr/")).orElse(false))
                .findFirst();
    }

    /** The renderer processes (Blender, POV-Ray) the site runs now. */
    public List<ProcessHandle> renderers() {
        return process.descendants()
                .filter(p -> p.info()
                        .command()
                        .map(c -> c.endsWith("/blender") || c.endsWith("/povray"))
                        .orElse(false))
                .toList();
    }

    /** Sends a signal (STOP, CONT, KILL) to one process, as an operator or the kernel would. */
    public static void signal(ProcessHandle target, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(target.pid()))
                .start()
                .waitFor();
    }

    /** Kills the site as a crash would: SIGKILL, renderers included (a machine crash takes them too). */
    public void kill9() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops the site (SIGTERM, then SIGKILL after 20 s) and any renderer it left. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(c -> {
            try {
                signal(c, "CONT"); // a stopped renderer would not die on TERM
            } catch (IOException | InterruptedException e) {
                // best effort; it is killed below
            }
        });
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}

package io.renderfarm.server.site;

import io.renderfarm.engine.site.SiteClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code renderfarm serve} process on loopback for tests, started from the test JVM's class path (the
 * shaded jar exists only after {@code package}), on a free port it reads from the site's first line.
 */
final class SiteProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("site listening on (http://[^/ ]+)/");
    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile URI uri;

    private SiteProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "site-output");
        reader.setDaemon(true);
        reader.start();
    }

    static SiteProcess start(Path data, int slots, String... extra) throws IOException, InterruptedException {
        return start(data, slots, 0, extra);
    }

    /** A site on {@code port} (0: a free one), with more {@code serve} options. */
    static SiteProcess start(Path data, int slots, int port, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(List.of("serve", "--port", Integer.toString(port), "--data", data.toString(), "--slots",
                Integer.toString(slots)));
        cmd.addAll(List.of(extra));
        SiteProcess site = new SiteProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        if (!site.started.await(60, TimeUnit.SECONDS) || site.uri == null) {
            site.kill9();
            throw new IllegalStateException("the site did not start:\n" + site.output());
        }
        return site;
    }

    /** {@code java -cp <this JVM's class path> RenderFarmCli}: the CLI as a separate process. */
    static List<String> javaCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "io.renderfarm.server.cli.RenderFarmCli");
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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

    URI uri() {
        return uri;
    }

    SiteClient client() {
        return new SiteClient(uri, null);
    }

    SiteClient client(String token) {
        return new SiteClient(uri, token);
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** The renderer processes (Blender, POV-Ray) the site runs now. */
    List<ProcessHandle> renderers() {
        return process.descendants().filter(p -> p.info().command()
                .map(c -> c.endsWith("/blender") || c.endsWith("/povray")).orElse(false)).toList();
    }

    /** A port nothing listens on now, for a site to be started later (or never). */
    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Kills the site as a crash would: SIGKILL, renderers included (a machine crash takes them too). */
    void kill9() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}

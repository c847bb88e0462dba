package io.renderfarm.server.cli;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.CapabilityProbe;
import io.renderfarm.engine.render.Renderers;
import io.renderfarm.engine.site.RemoteSite;
import io.renderfarm.server.site.RemoteSites;
import io.renderfarm.server.site.SiteConfig;
import io.renderfarm.server.site.SiteServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code renderfarm serve}: runs a render site on this machine — the site protocol under {@code /api/}, the web UI
 * and the embedded database in {@code --data} — until Ctrl-C. Jobs left unfinished by a previous run (even a
 * kill -9) resume on start, a job delegated to a remote site ({@code --remote-site}, {@code --config}) by following
 * the same remote job again. Exit 0 after a clean stop, 2 for refused options.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a render site: clients submit jobs over HTTP; web UI at the printed URL.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "P", defaultValue = "8765", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}); other than loopback needs --token.")
    String bind;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "renderfarm-data",
            description = "Database, uploaded files and frames (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--slots", paramLabel = "N", defaultValue = "2",
            description = "CPU render slots (default: ${DEFAULT-VALUE}); each GPU adds a slot of its own.")
    int slots;

    @Option(names = "--token", paramLabel = "T", defaultValue = "${env:RENDERFARM_TOKEN}",
            description = "API token clients must send (default: $RENDERFARM_TOKEN); at least 16 characters.")
    String token;

    @Option(names = "--max-file-mb", paramLabel = "MB", defaultValue = "4096",
            description = "Largest file a client may upload (default: ${DEFAULT-VALUE}).")
    long maxFileMb;

    @Option(names = "--name", paramLabel = "NAME", description = "The site's name in the UI (default: the host name).")
    String name;

    @Mixin
    RemoteSiteOptions remote = new RemoteSiteOptions();

    @Override
    public Integer call() throws Exception {
        quietLogs();
        if (Files.exists(data) && !Files.isDirectory(data)) {
            throw new IllegalArgumentException("--data names a file, not a folder: " + data); // exit 2, as render's checks
        }
        RemoteSites remotes = remote.resolve(System.err);
        SiteConfig config = new SiteConfig(name != null ? name : java.net.InetAddress.getLocalHost().getHostName(),
                bind, port, data, slots, token, maxFileMb * 1024 * 1024, remotes);
        Capabilities caps = new CapabilityProbe().probe(Renderers.all());
        CountDownLatch stop = new CountDownLatch(1);
        try (SiteServer server = SiteServer.start(config, caps)) {
            Interrupts.onCtrlC(stop::countDown);
            System.out.printf("renderfarm: site listening on %s/ (data %s, %d slot(s), renderers %s)%n", server.uri(),
                    config.dataDir(), slots, caps.renderers().isEmpty() ? "none found" : caps.renderers());
            for (RemoteSite r : remotes.sites()) {
                System.out.printf("renderfarm: may delegate jobs to %s%s%n", r.name(), r.token() == null ? " (no token)" : "");
            }
            System.out.flush();
            stop.await();
            System.out.println("renderfarm: stopping; unfinished jobs resume on the next start");
        }
        return 0;
    }

    /** Javalin and Jetty are chatty at info; the site's own warnings and errors still show. */
    private static void quietLogs() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.javalin", "warn");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    }
}

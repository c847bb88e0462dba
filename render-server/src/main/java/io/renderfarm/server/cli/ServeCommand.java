package io.renderfarm.server.cli;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.CapabilityProbe;
import io.renderfarm.engine.render.Renderers;
import io.renderfarm.engine.site.client.RemoteSite;
import io.renderfarm.server.site.SiteServer;
import io.renderfarm.server.site.base.RemoteSites;
import io.renderfarm.server.site.base.SiteConfig;
import io.renderfarm.server.site.base.SiteLimits;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
 * the same remote job again. Blender and POV-Ray are installed first when missing and {@code ./renderfarm} started
 * it ({@link RendererInstall}). Exit 0 after a clean stop, 2 for refused options (a port in use among them).
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve a render site: clients submit jobs over HTTP; web UI at the printed URL.")
final class ServeCommand implements Callable<Integer> {
    @Option(
            names = "--port",
            paramLabel = "P",
            defaultValue = "8765",
            description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--bind",
            paramLabel = "ADDR",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}); other than loopback needs --token.")
    String bind;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            defaultValue = "renderfarm-data",
            description = "Database, uploaded files and frames (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--slots", paramLabel = "N", defaultValue = "2", description = ProbeCommand.SLOTS_HELP)
    int slots;

    @Option(
            names = "--token",
            paramLabel = "T",
            defaultValue = "${env:RENDERFARM_TOKEN}",
            description = "API token clients must send (default: $RENDERFARM_TOKEN); at least 16 characters.")
    String token;

    /** 1 TiB: far above any scene or texture, and far below where MB times 2^20 overflows. */
    static final long MAX_FILE_MB = 1L << 20;

    @Option(
            names = "--max-file-mb",
            paramLabel = "MB",
            defaultValue = "4096",
            description = "Largest file a client may upload, 1..1048576 (default: ${DEFAULT-VALUE}).")
    long maxFileMb;

    @Option(names = "--name", paramLabel = "NAME", description = "The site's name in the UI (default: the host name).")
    String name;

    @Option(
            names = "--allow-scripts",
            description =
                    "Let jobs whose profile sets allowScripts run the Python their"
                            + " Blender scenes carry (drivers, auto-run scripts): a client's code on this machine. Off by default.")
    boolean allowScripts;

    @Option(
            names = "--max-event-streams",
            paramLabel = "N",
            defaultValue = "100",
            description = "Event streams served at once, 1..200; more are answered 503 (default: ${DEFAULT-VALUE}).")
    int maxEventStreams;

    @Option(
            names = "--max-partial-mb",
            paramLabel = "MB",
            description =
                    "Room for unfinished uploads, at least --max-file-mb (default: 16384, or --max-file-mb if larger).")
    Long maxPartialMb;

    @Mixin
    RemoteSiteOptions remote = new RemoteSiteOptions();

    @Override
    public Integer call() throws Exception {
        quietLogs();
        if (Files.exists(data) && !Files.isDirectory(data)) {
            throw new IllegalArgumentException(
                    "--data names a file, not a folder: " + data); // exit 2, as render's checks
        }
        if (maxFileMb < 1 || maxFileMb > MAX_FILE_MB) {
            throw new IllegalArgumentException(
                    "--max-file-mb must be 1.." + MAX_FILE_MB + " (1 TiB), got " + maxFileMb);
        }
        RemoteSites remotes = remote.resolve(System.err);
        long mbLimit = Long.MAX_VALUE / (1024 * 1024);
        long partialMb = maxPartialMb != null
                ? maxPartialMb
                : Math.max(SiteLimits.DEFAULT_MAX_PARTIAL_MB, Math.min(maxFileMb, mbLimit));
        if (partialMb < 1 || partialMb > mbLimit) {
            throw new IllegalArgumentException("--max-partial-mb must be 1.." + mbLimit + ", got " + partialMb);
        }
        SiteLimits limits =
                SiteLimits.DEFAULT.withMaxEventStreams(maxEventStreams).withMaxPartialBytes(partialMb * 1024 * 1024);
        SiteConfig config = SiteConfig.builder()
                .name(name != null ? name : java.net.InetAddress.getLocalHost().getHostName())
                .bind(bind)
                .port(port)
                .dataDir(data)
                .slots(slots)
                .token(token)
                .maxFileBytes(maxFileMb * 1024 * 1024)
                .remotes(remotes)
                .limits(limits)
                .allowScripts(allowScripts)
                .build();
        refuseAPortInUse(config);
        RendererInstall.forThisProcess()
                .ensure(Renderers.all().stream().map(r -> r.name()).toList());
        Capabilities caps = new CapabilityProbe().probe(Renderers.all());
        CountDownLatch stop = new CountDownLatch(1);
        try (SiteServer server = SiteServer.start(config, caps)) {
            Interrupts.onCtrlC(stop::countDown);
            System.out.printf(
                    "renderfarm: site listening on %s/ (data %s, %d slot(s), renderers %s)%n",
                    server.uri(),
                    config.dataDir(),
                    slots,
                    caps.renderers().isEmpty() ? "none found" : caps.renderers());
            for (RemoteSite r : remotes.sites()) {
                System.out.printf(
                        "renderfarm: may delegate jobs to %s%s%n", r.name(), r.token() == null ? " (no token)" : "");
            }
            for (String peer : remotes.peers().origins()) {
                System.out.printf("renderfarm: completion notices may go to %s (a peer)%n", peer);
            }
            System.out.flush();
            stop.await();
            System.out.println("renderfarm: stopping; unfinished jobs resume on the next start");
        }
        return 0;
    }

    /**
     * Refuses a port another program holds before the data folder is made or opened, so a second
     * {@code serve} on the same port leaves nothing behind and says what to do in one line. (A program that takes
     * the port in the instant after still makes the site's start fail, with the server's own message.)
     */
    private static void refuseAPortInUse(SiteConfig config) throws IOException {
        if (config.port() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Jetty binds: a port in TIME_WAIT after a previous site is free
            probe.bind(new InetSocketAddress(InetAddress.getByName(config.bind()), config.port()));
        } catch (BindException inUse) {
            throw new IllegalArgumentException("--port " + config.port() + " on " + config.bind()
                    + " is in use by another program; stop it or pick another --port (0 picks a free one)");
        }
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

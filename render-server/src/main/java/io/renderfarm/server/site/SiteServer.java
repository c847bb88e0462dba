package io.renderfarm.server.site;

import io.javalin.Javalin;
import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.local.LocalSlotFarm;
import io.renderfarm.engine.render.RendererSandbox;
import io.renderfarm.engine.schedule.FairShareFarm;
import io.renderfarm.engine.site.bundle.PartialUploads;
import io.renderfarm.engine.site.callback.CallbackSender;
import io.renderfarm.engine.store.Folders;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.server.site.auth.AnonymousBodies;
import io.renderfarm.server.site.auth.Guard;
import io.renderfarm.server.site.auth.LoginThrottle;
import io.renderfarm.server.site.auth.Sessions;
import io.renderfarm.server.site.auth.SiteSecret;
import io.renderfarm.server.site.base.DataFolder;
import io.renderfarm.server.site.base.SiteConfig;
import io.renderfarm.server.site.base.SiteLimits;
import io.renderfarm.server.site.db.CallbackTable;
import io.renderfarm.server.site.db.DelegationTable;
import io.renderfarm.server.site.db.EventLedger;
import io.renderfarm.server.site.db.JobTable;
import io.renderfarm.server.site.db.SiteDatabase;
import io.renderfarm.server.site.http.BlobRoutes;
import io.renderfarm.server.site.http.CallbackRoutes;
import io.renderfarm.server.site.http.ChunkRoutes;
import io.renderfarm.server.site.http.ErrorMapping;
import io.renderfarm.server.site.http.EventStream;
import io.renderfarm.server.site.http.Http;
import io.renderfarm.server.site.http.JobRoutes;
import io.renderfarm.server.site.http.JsonErrorHandler;
import io.renderfarm.server.site.http.OfferRoutes;
import io.renderfarm.server.site.http.OutputRoutes;
import io.renderfarm.server.site.http.Routes;
import io.renderfarm.server.site.http.SiteRoutes;
import io.renderfarm.server.site.http.UiRoutes;
import io.renderfarm.server.site.jobs.BlobStore;
import io.renderfarm.server.site.jobs.Delegations;
import io.renderfarm.server.site.jobs.EventHub;
import io.renderfarm.server.site.jobs.JobIntake;
import io.renderfarm.server.site.jobs.JobManager;
import io.renderfarm.server.site.jobs.JobStores;
import io.renderfarm.server.site.jobs.LocalLoad;
import io.renderfarm.server.site.jobs.Notices;
import io.renderfarm.server.site.jobs.Placer;
import io.renderfarm.server.site.jobs.TrackingFarm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running render site: the embedded database, the blob store, one farm of local slots shared by all jobs, the
 * remote sites it may delegate jobs to, the protocol's endpoints, the event streams and the web UI. {@link #start} resumes the jobs a previous process
 * left unfinished before it serves. One site per data folder: a lock file refuses a second one.
 */
public final class SiteServer implements AutoCloseable {
    private final Javalin app;
    private final SiteConfig config;
    private final SiteDatabase db;
    private final JobManager jobs;
    private final LocalSlotFarm localFarm;
    private final FileLock lock;
    private final List<String> routes;

    private SiteServer(
            Javalin app,
            SiteConfig config,
            SiteDatabase db,
            JobManager jobs,
            LocalSlotFarm localFarm,
            FileLock lock,
            List<String> routes) {
        this.app = app;
        this.config = config;
        this.db = db;
        this.jobs = jobs;
        this.localFarm = localFarm;
        this.lock = lock;
        this.routes = routes;
    }

    /** Opens the data folder, resumes unfinished jobs and starts listening. */
    public static SiteServer start(SiteConfig config, Capabilities capabilities) throws IOException {
        return start(config, capabilities, Clock.SYSTEM);
    }

    /**
     * As {@link #start(SiteConfig, Capabilities)}, with the clock that times everything the site times: logins,
     * throttles, the bodies of callers without the token, the expiry of unfinished uploads and of notice nonces,
     * the freshness of signed notices, completion-notice retries, jobs' runs, and the times it stores.
     */
    public static SiteServer start(SiteConfig config, Capabilities capabilities, Clock clock) throws IOException {
        Path data = Files.createDirectories(config.dataDir());
        FileLock lock = lockDataDir(data);
        SiteDatabase db;
        try {
            db = SiteDatabase.open(data.resolve("site.db"), () -> DataFolder.refuseOrphanedJobs(data), clock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            lock.channel().close();
            throw e;
        }
        SiteLimits limits = config.limits();
        BlobStore blobs = new BlobStore(
                data.resolve("blobs"),
                config.maxFileBytes(),
                new PartialUploads(limits.partialExpiry(), limits.maxPartialBytes(), "serve --max-partial-mb"),
                clock);
        Path scratch = cleanScratch(data.resolve("scratch"));
        RendererSandbox sandbox = RendererSandbox.fromEnvironment();
        LocalSlotFarm localFarm = new LocalSlotFarm(
                config.slots(),
                capabilities,
                scratch,
                Map.of(),
                true,
                config.allowScripts() ? sandbox.allowingSceneScripts() : sandbox);
        // Jobs share the slots by priority, and equal priorities chunk by chunk.
        FairShareFarm shares = new FairShareFarm(localFarm, clock);
        TrackingFarm farm = new TrackingFarm(shares, clock);
        EventHub hub = new EventHub();
        CallbackTable callbacks = new CallbackTable(db, clock);
        Path jobsRoot = data.resolve("jobs");
        JobStores stores =
                new JobStores(new JobTable(db), new EventLedger(db, clock), new DelegationTable(db), blobs, jobsRoot);
        // Remote sites post completion notices here; the URL is known once the server listens (port 0 picks one).
        AtomicReference<URI> listening = new AtomicReference<>();
        URI publicUrl = config.remotes().publicUrl();
        Delegations delegations = new Delegations(
                config.remotes(), stores, SiteSecret.load(data), () -> publicUrl != null ? publicUrl : listening.get());
        LocalLoad load = new LocalLoad(farm, db);
        JobManager jobs = new JobManager(
                config,
                stores,
                farm,
                shares,
                hub,
                new JobIntake(db, stores, data, clock),
                new Placer(load, config.remotes()),
                delegations,
                new Notices(
                        callbacks,
                        stores.jobs(),
                        CallbackSender.Backoff.DEFAULT,
                        config.remotes().peers(),
                        clock),
                clock);
        Guard guard = new Guard(config.token(), new Sessions(limits.sessionTime(), clock), new LoginThrottle(clock));
        AnonymousBodies anonymous = new AnonymousBodies(limits.maxAnonymousBodies(), limits.anonymousBodyTime(), clock);
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.disableCompression(); // event streams must reach the client unbuffered
            cfg.http.maxRequestSize = Http.MAX_JSON_BYTES; // JSON bodies; uploads stream past this limit
            cfg.jetty.clientAbortStatus = 400;
            cfg.jetty.timeoutStatus = 408;
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
        });
        app.before(guard::check);
        ErrorMapping.install(app, data);
        Routes routes = new Routes(app);
        new SiteRoutes(config, farm, blobs, stores.jobs(), capabilities, guard, anonymous, hostName()).register(routes);
        new OfferRoutes(load).register(routes);
        new BlobRoutes(blobs).register(routes);
        new JobRoutes(jobs, stores.jobs()).register(routes);
        new OutputRoutes(jobs, stores.ledger(), jobsRoot).register(routes);
        new ChunkRoutes(jobs, stores.ledger(), jobsRoot).register(routes);
        new EventStream(stores.ledger(), hub, limits.maxEventStreams(), jobs, clock).register(routes);
        new CallbackRoutes(jobs, callbacks, stores.delegations(), delegations, anonymous, clock).register(routes);
        new UiRoutes().register(routes);
        // Listen first: a port in use then fails before any job is resumed and rendering.
        app.start(config.bind(), config.port());
        SiteServer server = new SiteServer(app, config, db, jobs, localFarm, lock, routes.registered());
        // Listening on every address: remote sites reach this machine by its name, not by 0.0.0.0.
        boolean wildcard = config.bind().equals("0.0.0.0")
                || config.bind().equals("::")
                || config.bind().equals("[::]");
        listening.set(wildcard ? URI.create("http://" + hostName() + ":" + server.port()) : server.uri());
        try {
            jobs.resumeUnfinished();
        } catch (SQLException | IOException | RuntimeException e) {
            server.close();
            throw new IOException(DataFolder.explain(data, "cannot resume the site's jobs: " + e.getMessage()), e);
        }
        return server;
    }

    private static FileLock lockDataDir(Path data) throws IOException {
        FileChannel channel =
                FileChannel.open(data.resolve("site.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalArgumentException(
                    "another site is already serving from " + data + "; use another --data folder");
        }
        return lock;
    }

    private static Path cleanScratch(Path scratch) throws IOException {
        // Renderer output of chunks that were running when a previous process died: never verified, never used.
        Folders.delete(scratch);
        return Files.createDirectories(scratch);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    public int port() {
        return app.port();
    }

    /** The URL clients use, with the bound address. */
    public URI uri() {
        String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
        return URI.create("http://" + host + ":" + port());
    }

    /** Every endpoint as {@code METHOD path}. */
    public List<String> routes() {
        return routes;
    }

    /**
     * Stops serving and kills the renderers. Running jobs stay unfinished in the database (nothing is recorded
     * after the stop begins) and resume on the next start.
     */
    @Override
    public void close() {
        jobs.close();
        localFarm.close();
        app.stop();
        db.close();
        try {
            lock.release();
            lock.channel().close();
        } catch (IOException e) {
            // the process is ending; the OS drops the lock anyway
        }
    }
}

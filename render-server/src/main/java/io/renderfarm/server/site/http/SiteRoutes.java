package io.renderfarm.server.site.http;

import io.javalin.http.Context;
import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.CapabilityLabels;
import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.site.api.SiteInfo;
import io.renderfarm.engine.site.api.SlotView;
import io.renderfarm.engine.site.client.RemoteSite;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import io.renderfarm.server.site.auth.AnonymousBodies;
import io.renderfarm.server.site.auth.Guard;
import io.renderfarm.server.site.base.SiteConfig;
import io.renderfarm.server.site.db.JobTable;
import io.renderfarm.server.site.jobs.BlobStore;
import io.renderfarm.server.site.jobs.TrackingFarm;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The resource database ({@code /api/site}), the UI's login ({@code /api/session}) and {@code /openapi.yaml}. */
public final class SiteRoutes {
    private static final String VERSION = "0.1.0";
    /** A login body is a token of at most a few hundred characters. */
    private static final int MAX_LOGIN_BYTES = 4096;

    private static final Pattern FORWARDED_HTTPS = Pattern.compile("(?i)(^|;)\\s*proto=\"?https\"?\\s*(;|$)");
    private final SiteConfig config;
    private final TrackingFarm farm;
    private final BlobStore blobs;
    private final JobTable jobs;
    private final Capabilities capabilities;
    private final Guard guard;
    private final AnonymousBodies anonymous;
    private final String host;

    /** @param jobs counted by state in the site resource */
    public SiteRoutes(
            SiteConfig config,
            TrackingFarm farm,
            BlobStore blobs,
            JobTable jobs,
            Capabilities capabilities,
            Guard guard,
            AnonymousBodies anonymous,
            String host) {
        this.config = config;
        this.farm = farm;
        this.blobs = blobs;
        this.jobs = jobs;
        this.capabilities = capabilities;
        this.guard = guard;
        this.anonymous = anonymous;
        this.host = host;
    }

    public void register(Routes routes) {
        routes.get(SiteProtocol.OPENAPI_PATH, this::openapi);
        routes.get("/api/site", this::info);
        routes.post("/api/session", this::session);
    }

    private void openapi(Context ctx) throws IOException {
        try (InputStream in = SiteProtocol.class.getResourceAsStream(SiteProtocol.OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IOException("the OpenAPI file is missing from the engine jar");
            }
            ctx.contentType("application/yaml; charset=utf-8").result(in.readAllBytes());
        }
    }

    private void info(Context ctx) throws Exception {
        List<SlotView> slots = new ArrayList<>();
        for (RenderSlot slot : farm.slots()) {
            ChunkWork work = farm.runningOn(slot.id());
            slots.add(new SlotView(
                    slot.id(),
                    slot.host(),
                    slot.status(),
                    work == null ? null : work.job().id(),
                    work == null ? null : work.chunkId(),
                    work == null ? null : work.frames().toString()));
        }
        long[] usage = blobs.usage();
        Map<String, Long> storage = new LinkedHashMap<>();
        storage.put("blobs", usage[0]);
        storage.put("blobBytes", usage[1]);
        storage.put("bytesReceived", blobs.bytesReceived());
        storage.put("maxFileBytes", blobs.maxFileBytes());
        long[] partial = blobs.partialUsage();
        storage.put("partialUploads", partial[0]);
        storage.put("partialBytes", partial[1]);
        storage.put("maxPartialBytes", config.limits().maxPartialBytes());
        Http.json(
                ctx,
                200,
                new SiteInfo(
                        config.name(),
                        VERSION,
                        SiteProtocol.VERSION,
                        host,
                        capabilities,
                        List.copyOf(CapabilityLabels.labels(capabilities)),
                        slots,
                        jobs.countsByState(),
                        storage,
                        config.remotes().sites().stream().map(RemoteSite::name).toList()));
    }

    /**
     * Logs the web UI in, whose EventSource and img requests cannot carry a header: for the token, a cookie holding
     * a new session's opaque id. The caller has no token yet, so a throttled address is refused before the body is
     * read, and the body is read as {@link AnonymousBodies} reads it.
     */
    private void session(Context ctx) throws IOException {
        if (guard.hasToken()) {
            guard.checkNotThrottled(ctx);
        }
        SessionRequest request = Http.parse(anonymous.read(ctx, MAX_LOGIN_BYTES), SessionRequest.class);
        if (!guard.hasToken()) {
            ctx.status(204);
            return;
        }
        String session = guard.login(ctx, request == null ? null : request.token());
        ctx.header(
                "Set-Cookie",
                SiteProtocol.SESSION_COOKIE + "=" + session + "; Path=/; Max-Age="
                        + guard.sessions().lifetime().toSeconds() + "; HttpOnly; SameSite=Strict"
                        + (overTls(ctx) ? "; Secure" : ""));
        ctx.status(204);
    }

    /**
     * Whether the browser reached the site over HTTPS. The site itself serves plain HTTP, so that is a TLS proxy in
     * front saying so ({@code X-Forwarded-Proto} or {@code Forwarded}), or a public URL that is {@code https}. The
     * headers are trusted from anyone: all they can do is mark the cookie of this very answer {@code Secure}.
     */
    private boolean overTls(Context ctx) {
        String proto = ctx.header("X-Forwarded-Proto");
        String forwarded = ctx.header("Forwarded");
        URI publicUrl = config.remotes().publicUrl();
        return ctx.req().isSecure()
                || proto != null && proto.split(",")[0].strip().equalsIgnoreCase("https")
                || forwarded != null
                        && FORWARDED_HTTPS.matcher(forwarded.split(",")[0]).find()
                || publicUrl != null && "https".equalsIgnoreCase(publicUrl.getScheme());
    }

    /** Body of {@code POST /api/session}. */
    record SessionRequest(String token) {}
}

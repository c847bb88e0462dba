package io.renderfarm.server.site;

import io.javalin.http.Context;
import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.CapabilityLabels;
import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.schedule.ChunkWork;
import io.renderfarm.engine.site.RemoteSite;
import io.renderfarm.engine.site.SiteInfo;
import io.renderfarm.engine.site.SiteProtocol;
import io.renderfarm.engine.site.SlotView;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The resource database ({@code /api/site}), the UI's login ({@code /api/session}) and {@code /openapi.yaml}. */
final class SiteRoutes {
    private static final String VERSION = "0.1.0";
    private final SiteContext site;
    private final Capabilities capabilities;
    private final Guard guard;
    private final String host;

    SiteRoutes(SiteContext site, Capabilities capabilities, Guard guard, String host) {
        this.site = site;
        this.capabilities = capabilities;
        this.guard = guard;
        this.host = host;
    }

    void register(Routes routes) {
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
        for (RenderSlot slot : site.farm().slots()) {
            ChunkWork work = site.farm().runningOn(slot.id());
            slots.add(new SlotView(slot.id(), slot.host(), slot.status(), work == null ? null : work.job().id(),
                    work == null ? null : work.chunkId(), work == null ? null : work.frames().toString()));
        }
        long[] usage = site.blobs().usage();
        Map<String, Long> storage = new LinkedHashMap<>();
        storage.put("blobs", usage[0]);
        storage.put("blobBytes", usage[1]);
        storage.put("bytesReceived", site.blobs().bytesReceived());
        storage.put("maxFileBytes", site.blobs().maxFileBytes());
        Http.json(ctx, 200, new SiteInfo(site.config().name(), VERSION, SiteProtocol.VERSION, host, capabilities,
                List.copyOf(CapabilityLabels.labels(capabilities)), slots, site.jobs().countsByState(), storage,
                site.config().remotes().sites().stream().map(RemoteSite::name).toList()));
    }

    /** Sets the token cookie for the web UI, whose EventSource and img requests cannot carry a header. */
    private void session(Context ctx) throws IOException {
        SessionRequest request = Http.body(ctx, SessionRequest.class);
        if (!guard.hasToken()) {
            ctx.status(204);
            return;
        }
        if (request == null || !guard.matches(request.token())) {
            throw new ProblemException(401, "Unauthorized", "that is not this site's token");
        }
        ctx.header("Set-Cookie", SiteProtocol.TOKEN_COOKIE + "=" + request.token()
                + "; Path=/; HttpOnly; SameSite=Strict");
        ctx.status(204);
    }

    /** Body of {@code POST /api/session}. */
    record SessionRequest(String token) {
    }
}

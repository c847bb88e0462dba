package io.renderfarm.server.site.http;

import io.javalin.http.Context;
import io.renderfarm.server.site.base.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The web UI: a fixed set of static files from the jar (no build step, no inline script), each served with its
 * type. Only the listed names are served, so no request can reach another resource of the classpath.
 */
public final class UiRoutes {
    private static final String ROOT = "ui/";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "job.html", "text/html; charset=utf-8",
            "resources.html", "text/html; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "common.js", "text/javascript; charset=utf-8",
            "jobs.js", "text/javascript; charset=utf-8",
            "job.js", "text/javascript; charset=utf-8",
            "chunks.js", "text/javascript; charset=utf-8",
            "resources.js", "text/javascript; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    public void register(Routes routes) {
        routes.get("/", ctx -> serve(ctx, "index.html"));
        for (String name : FILES.keySet()) {
            routes.get("/" + name, ctx -> serve(ctx, name));
        }
    }

    private static void serve(Context ctx, String name) throws IOException {
        try (InputStream in = UiRoutes.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw ProblemException.notFound("the UI file " + name + " is missing from this build");
            }
            ctx.header("Cache-Control", "no-cache").contentType(FILES.get(name)).result(in.readAllBytes());
        }
    }
}

package io.renderfarm.server.site.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.renderfarm.engine.site.host.JsonBody;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.server.site.base.DataFolder;
import io.renderfarm.server.site.base.ProblemException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every exception a handler throws into a problem JSON: refusals keep their 4xx, malformed JSON and bad
 * values are 400, a body that ends early is 400, a write that failed because the data folder is full is 507 naming
 * the folder; only a fault of the site itself is a 500, with a generic message (the details go to the site's log,
 * never to the client).
 */
public final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {}

    public static void install(Javalin app, Path dataDir) {
        app.exception(
                HttpResponseException.class,
                (e, ctx) -> Http.problem(
                        ctx,
                        e.getStatus(),
                        title(e.getStatus()),
                        e.getStatus() == 404 ? "no such path: " + ctx.method() + " " + ctx.path() : e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> handle(e, ctx, dataDir));
    }

    private static void handle(Exception e, Context ctx, Path dataDir) {
        if (e instanceof ProblemException p) {
            Http.problem(ctx, p.problem());
        } else if (e instanceof SiteException s && s.problem() != null && s.status() / 100 == 4) {
            Http.problem(ctx, s.problem()); // a refusal by the engine's part of the protocol
        } else if (e instanceof JsonProcessingException j) {
            Http.problem(ctx, ProblemType.BAD_REQUEST.problem(JsonBody.describe(j)));
        } else if (e instanceof IllegalArgumentException) {
            Http.problem(ctx, ProblemType.BAD_REQUEST.problem(e.getMessage()));
        } else if (e instanceof IOException && e.getClass().getName().startsWith("org.eclipse.jetty")) {
            Http.problem(ctx, ProblemType.BAD_REQUEST.problem("the request ended early: " + e.getMessage()));
        } else {
            Optional<String> full = storageFull(e, dataDir);
            if (full.isPresent()) {
                LOG.error("{} {}: {}", ctx.method(), ctx.path(), full.get());
                Http.problem(
                        ctx, ProblemType.INSUFFICIENT_STORAGE.problem(full.get() + "; free space there and try again"));
            } else {
                LOG.error("internal error on {} {}", ctx.method(), ctx.path(), e);
                Http.problem(
                        ctx,
                        ProblemType.INTERNAL.problem(
                                "the site failed to handle this request; its log has the details"));
            }
        }
    }

    /** Why a failed write failed, when it is the data folder being full. */
    private static Optional<String> storageFull(Exception e, Path dataDir) {
        return e instanceof IOException || e instanceof SQLException ? DataFolder.full(dataDir, e) : Optional.empty();
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Too large";
            case 507 -> "Insufficient storage";
            default -> status < 500 ? "Refused" : "Internal error";
        };
    }
}

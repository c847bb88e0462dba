package io.renderfarm.server.site.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import io.renderfarm.engine.site.host.JsonBody;
import io.renderfarm.engine.site.protocol.Problem;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import io.renderfarm.server.site.base.BodyReader;
import io.renderfarm.server.site.base.ProblemException;
import java.io.IOException;

/** Small helpers for the site's handlers: JSON answers, problem answers and strict request bodies. */
public final class Http {
    /** The largest JSON body, {@link JsonBody#MAX_BYTES}. */
    public static final long MAX_JSON_BYTES = JsonBody.MAX_BYTES;

    private Http() {}

    static void json(Context ctx, int status, Object body) throws JsonProcessingException {
        ctx.status(status)
                .contentType("application/json")
                .result(SiteJson.lenient().writeValueAsBytes(body));
    }

    /** Answers a bare status with the problem of its {@link ProblemType#forStatus type}. */
    static void problem(Context ctx, int status, String title, String detail) {
        problem(ctx, ProblemType.forStatus(status).problem(status, title, detail, null));
    }

    static void problem(Context ctx, Problem problem) {
        try {
            ctx.status(problem.status())
                    .contentType(SiteProtocol.PROBLEM_JSON)
                    .result(SiteJson.lenient().writeValueAsBytes(problem));
        } catch (JsonProcessingException e) {
            ctx.status(problem.status()).contentType("text/plain").result(problem.detail());
        }
    }

    /**
     * Reads the body as {@code type} strictly, at most {@link #MAX_JSON_BYTES} of it (413 beyond), as
     * {@link JsonBody} does for every host; an empty body gives null.
     */
    static <T> T body(Context ctx, Class<T> type) throws IOException {
        return parse(BodyReader.read(ctx, MAX_JSON_BYTES), type);
    }

    /** Reads a body already received as {@code type}, as {@link #body} does. */
    static <T> T parse(byte[] bytes, Class<T> type) throws IOException {
        try {
            return JsonBody.parse(bytes, type);
        } catch (SiteException e) {
            throw ProblemException.of(e);
        }
    }

    /** The {@code id} path parameter, checked; a malformed id cannot name a job, so it is a 404. */
    static String jobId(Context ctx) {
        String id = ctx.pathParam("id");
        if (!SiteProtocol.isJobId(id)) {
            throw ProblemException.notFound("no job '" + abbreviate(id) + "' on this site (a job id is lower-case"
                    + " letters, digits and '-')");
        }
        return id;
    }

    static long longQuery(Context ctx, String name, long fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(
                    "query parameter '" + name + "' must be a whole number, got '" + abbreviate(value) + "'");
        }
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}

package io.renderfarm.server.site.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import io.renderfarm.engine.site.protocol.Problem;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import java.io.IOException;
import java.util.stream.Collectors;

/** Small helpers for the site's handlers: JSON answers, problem answers and strict request bodies. */
public final class Http {
    /** The largest JSON body: a submit naming 100,000 files, or a question about 100,000 hashes, fits. */
    public static final long MAX_JSON_BYTES = 16L * 1024 * 1024;

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
     * Reads the body as {@code type} strictly, at most {@link #MAX_JSON_BYTES} of it (413 beyond); an empty body
     * gives null. Malformed JSON, unknown fields, values a record refuses and anything after the one JSON value
     * become a 400 naming the problem.
     */
    static <T> T body(Context ctx, Class<T> type) throws IOException {
        return parse(BodyReader.read(ctx, MAX_JSON_BYTES), type);
    }

    /** Reads a body already received as {@code type}, as {@link #body} does. */
    static <T> T parse(byte[] bytes, Class<T> type) throws IOException {
        if (bytes.length == 0) {
            return null;
        }
        try (JsonParser parser = SiteJson.strict().createParser(bytes)) {
            T value;
            try {
                // Trailing content is checked below, to say so rather than report a parse error.
                value = SiteJson.strict()
                        .readerFor(type)
                        .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .readValue(parser);
            } catch (JsonProcessingException e) {
                throw ProblemException.badRequest(describe(e));
            }
            try {
                if (parser.nextToken() == null) {
                    return value;
                }
            } catch (JsonProcessingException garbage) {
                // reported below, as any other trailing content
            }
            throw ProblemException.badRequest("the body has more after its JSON value (from byte "
                    + parser.currentLocation().getByteOffset() + "); send exactly one JSON value");
        }
    }

    static String describe(JsonProcessingException e) {
        if (e instanceof JsonParseException) {
            return "the body is not valid JSON: " + e.getOriginalMessage();
        }
        String field = e instanceof JsonMappingException m ? path(m) : "";
        String where = field.isEmpty() ? "" : " at '" + field + "'";
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'" + (field.contains(".") ? where : "") + "; known are "
                    + u.getKnownPropertyIds();
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException && t.getMessage() != null) {
                return "bad value" + where + ": " + t.getMessage();
            }
        }
        if (field.isEmpty()) {
            return "bad value: the body must be a JSON object with the fields the protocol describes (/openapi.yaml)";
        }
        // Jackson's own wording names Java types; say it in the protocol's terms instead.
        String value = e instanceof InvalidFormatException f ? " " + f.getValue() : "";
        return "bad value" + where + ": the value" + value + " has the wrong type (see /openapi.yaml)";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
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

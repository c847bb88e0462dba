package io.renderfarm.engine.site.host;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.time.Clock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * How every host reads a request's JSON body: through a counting limit ({@link #MAX_BYTES} unless a route says
 * less), chunked bodies included, so no body costs a site more memory than its limit; then strictly, one JSON value
 * of the protocol's shape. Refusals are {@link SiteException}s with the protocol's {@link ProblemType}s: a declared
 * {@code Content-Length} over the limit is {@code too-large} before any byte is read, a body that goes past it is
 * {@code too-large} as soon as it does, a body that arrives after its deadline is {@code timeout}, malformed JSON,
 * unknown fields, bad values and anything after the one value are {@code bad-request} naming the problem.
 */
public final class JsonBody {
    /** The largest JSON body: a submit naming 100,000 files, or a question about 100,000 hashes, fits. */
    public static final long MAX_BYTES = 16L * 1024 * 1024;

    private static final int BUFFER = 8 * 1024;

    private JsonBody() {}

    /** Refuses a body not sent as {@code application/json} ({@code unsupported-media-type}). */
    public static void checkMediaType(String contentType) throws SiteException {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw ProblemType.UNSUPPORTED_MEDIA_TYPE.refusal("POST bodies must be sent as application/json");
        }
    }

    /** The whole body, at most {@code limit} bytes; {@code declared} is its {@code Content-Length}, -1 unknown. */
    public static byte[] read(InputStream in, long declared, long limit) throws IOException {
        return read(in, declared, limit, null, 0);
    }

    /**
     * The whole body, at most {@code limit} bytes, all of it arrived by {@code deadline} of {@code clock} (checked
     * after each read; a null clock sets no deadline).
     */
    public static byte[] read(InputStream in, long declared, long limit, Clock clock, long deadline)
            throws IOException {
        if (declared > limit) {
            throw tooLarge(limit);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 0), BUFFER));
        byte[] buffer = new byte[BUFFER];
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                if (timedOut(e) || late(clock, deadline)) {
                    throw slow();
                }
                throw ProblemType.BAD_REQUEST.refusal("the request body ended early: " + e.getMessage());
            }
            if (n < 0) {
                return bytes.toByteArray();
            }
            if (bytes.size() + (long) n > limit) {
                throw tooLarge(limit);
            }
            bytes.write(buffer, 0, n);
            if (late(clock, deadline)) {
                throw slow();
            }
        }
    }

    /**
     * A body already received, read strictly as {@code type}; null for an empty body, which the protocol allows
     * where the body is optional (cancel).
     */
    public static <T> T parse(byte[] bytes, Class<T> type) throws IOException {
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
                throw ProblemType.BAD_REQUEST.refusal(describe(e));
            }
            try {
                if (parser.nextToken() == null) {
                    return value;
                }
            } catch (JsonProcessingException garbage) {
                // reported below, as any other trailing content
            }
            throw ProblemType.BAD_REQUEST.refusal("the body has more after its JSON value (from byte "
                    + parser.currentLocation().getByteOffset() + "); send exactly one JSON value");
        }
    }

    /** The one line a client is told about JSON it sent that does not read as the protocol's: in its terms. */
    public static String describe(JsonProcessingException e) {
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

    private static boolean late(Clock clock, long deadline) {
        return clock != null && clock.nanoTime() - deadline > 0;
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static SiteException tooLarge(long limit) {
        return ProblemType.TOO_LARGE.refusal(
                "the request body is too large: this request takes at most " + limit + " bytes");
    }

    private static SiteException slow() {
        return ProblemType.TIMEOUT.refusal("the request body arrived too slowly; send it at once");
    }
}

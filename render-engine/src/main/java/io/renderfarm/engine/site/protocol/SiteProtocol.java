package io.renderfarm.engine.site.protocol;

import io.renderfarm.engine.site.api.SiteInfo;
import java.util.regex.Pattern;

/** Constants of the site protocol shared by clients and sites: paths, headers, media types and id formats. */
public final class SiteProtocol {
    /** Bumped on an incompatible change; a site reports it in {@link SiteInfo#protocol()}. */
    public static final int VERSION = 1;
    /** Every API path starts with this. */
    public static final String API = "/api";
    /** Where a site serves the OpenAPI description of this protocol. */
    public static final String OPENAPI_PATH = "/openapi.yaml";
    /** The classpath resource holding the OpenAPI description. */
    /** The fewest characters of a site's callback secret and of a job's completion-notice key. */
    public static final int MIN_SECRET_LENGTH = 32;

    public static final String OPENAPI_RESOURCE = "/io/renderfarm/engine/site/protocol/openapi.yaml";

    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String EVENT_STREAM = "text/event-stream";
    /** Header a client sends to resume an event stream after the last event it saw (SSE standard). */
    public static final String LAST_EVENT_ID = "Last-Event-ID";
    /**
     * Cookie the web UI holds its session in, because EventSource and img tags cannot send headers: an opaque id the
     * site maps to a login with its token, never the token itself.
     */
    public static final String SESSION_COOKIE = "renderfarm_session";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern JOB_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private SiteProtocol() {}

    /** Whether {@code value} is a SHA-256 in the protocol's form: 64 lower-case hex digits. */
    public static boolean isSha256(String value) {
        return value != null && SHA256.matcher(value).matches();
    }

    /** Whether {@code value} can be a job id: lower-case letters, digits and '-', at most 64. */
    public static boolean isJobId(String value) {
        return value != null && JOB_ID.matcher(value).matches();
    }

    public static String jobPath(String jobId) {
        return API + "/jobs/" + jobId;
    }
}

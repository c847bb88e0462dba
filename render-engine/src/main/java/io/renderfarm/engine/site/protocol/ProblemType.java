package io.renderfarm.engine.site.protocol;

import java.util.List;

/**
 * The kinds of problem a site answers, each named by a stable {@code type} URI ({@code urn:renderfarm:problem:<name>})
 * that clients branch on; {@code title} and {@code detail} are for people and may change. Every host of the protocol
 * answers the same fault with the same type. A host that only knows a status gets {@link #forStatus}, so one status
 * never has two types by accident. {@link #of} reads a problem from any site, older ones included.
 */
public enum ProblemType {
    BAD_REQUEST("bad-request", 400, "Bad request"),
    UNAUTHORIZED("unauthorized", 401, "Unauthorized"),
    FORBIDDEN("forbidden", 403, "Forbidden"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    TIMEOUT("timeout", 408, "Request timeout"),
    CONFLICT("conflict", 409, "Conflict"),
    /** A submit named files the site does not hold; {@link Problem#missing} lists their hashes. */
    FILES_MISSING("files-missing", 409, "Files missing"),
    TOO_LARGE("too-large", 413, "Too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    /** The scene cannot be rendered as sent (a renderer refused it); sending it again will not help. */
    BAD_SCENE("bad-scene", 422, "Bad scene"),
    /**
     * The site would hand the job on to another site and none can take it (down, refusing, none configured): no
     * fault of the request, so a client treats it as a failed render, not as bad input.
     */
    REMOTE_REFUSED("remote-refused", 422, "Cannot render remotely"),
    /** The profile asks for the scripts scenes carry and this site does not run them. */
    SCRIPTS_NOT_ALLOWED("scripts-not-allowed", 422, "Scripts not allowed"),
    /** No slot of the site can render the job's profile (renderer, labels, resources). */
    NO_CAPABLE_SLOT("no-capable-slot", 422, "No capable slot"),
    /** Uploaded bytes do not have the SHA-256 they were sent as; the upload was discarded, send it again. */
    CHECKSUM_MISMATCH("checksum-mismatch", 422, "Checksum mismatch"),
    /** Too many wrong tokens from one address; retry after {@code Retry-After}. */
    THROTTLED("throttled", 429, "Too many requests"),
    /** Any other refusal of a request (4xx). */
    REFUSED("refused", 0, "Refused"),
    INTERNAL("internal", 500, "Internal error"),
    /** The site cannot serve this now (not taking jobs, stopping, serving as many as it can); retry later. */
    UNAVAILABLE("unavailable", 503, "Unavailable"),
    INSUFFICIENT_STORAGE("insufficient-storage", 507, "Insufficient storage");

    /** What every type URI starts with. */
    public static final String PREFIX = "urn:renderfarm:problem:";

    private static final List<ProblemType> BY_STATUS = List.of(
            BAD_REQUEST,
            UNAUTHORIZED,
            FORBIDDEN,
            NOT_FOUND,
            METHOD_NOT_ALLOWED,
            TIMEOUT,
            CONFLICT,
            TOO_LARGE,
            UNSUPPORTED_MEDIA_TYPE,
            THROTTLED,
            INTERNAL,
            UNAVAILABLE,
            INSUFFICIENT_STORAGE);

    private final String uri;
    private final int status;
    private final String title;

    ProblemType(String name, int status, String title) {
        this.uri = PREFIX + name;
        this.status = status;
        this.title = title;
    }

    /** The stable URI, the problem's {@code type}. */
    public String uri() {
        return uri;
    }

    /** The HTTP status it is answered with; 0 for {@link #REFUSED}, which takes the refusal's own 4xx. */
    public int status() {
        return status;
    }

    /** The usual title, for people. */
    public String title() {
        return title;
    }

    /**
     * The type a bare status is answered with: the general one of that status ({@link #CONFLICT} for 409, never
     * {@link #FILES_MISSING}; none for 422, whose kinds differ too much), else {@link #REFUSED} for a 4xx and {@link #INTERNAL} for anything else.
     */
    public static ProblemType forStatus(int status) {
        for (ProblemType t : BY_STATUS) {
            if (t.status == status) {
                return t;
            }
        }
        return status >= 400 && status < 500 ? REFUSED : INTERNAL;
    }

    /**
     * The type of a problem any site sent. A type this client does not know (a newer site's, or an older site's
     * {@code about:blank} or {@code urn:renderfarm:problem:<status>}) falls back to the known type of the same status
     * and title, else to {@link #forStatus}; a missing problem gives {@link #forStatus} of {@code status}.
     */
    public static ProblemType of(Problem problem, int status) {
        if (problem == null) {
            return forStatus(status);
        }
        for (ProblemType t : values()) {
            if (t.uri.equals(problem.type())) {
                return t;
            }
        }
        int s = problem.status() != 0 ? problem.status() : status;
        for (ProblemType t : values()) {
            if (t.status == s && t.title.equalsIgnoreCase(String.valueOf(problem.title()))) {
                return t;
            }
        }
        return forStatus(s);
    }

    /** A problem of this type; {@code status} is used only by {@link #REFUSED}, which has none of its own. */
    public Problem problem(int status, String title, String detail, List<String> missing) {
        int s = this.status != 0 ? this.status : status;
        return new Problem(uri, title != null ? title : this.title, s, detail, missing);
    }

    /** A problem of this type with its usual title. */
    public Problem problem(String detail) {
        return problem(status, null, detail, null);
    }

    /** The refusal a host throws: this type, its usual title, {@code detail} for the client. */
    public SiteException refusal(String detail) {
        Problem p = problem(detail);
        return new SiteException(p.status(), p, detail);
    }

    /** The refusal a host throws, with its own title. */
    public SiteException refusal(String title, String detail) {
        Problem p = problem(status, title, detail, null);
        return new SiteException(p.status(), p, detail);
    }
}

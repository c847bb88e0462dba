package io.renderfarm.server.site.http;

import java.util.List;

/** A request the site refuses, with the HTTP status and the one line that tells the client what was wrong. */
public final class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String title;
    private final transient List<String> missing;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    public ProblemException(int status, String title, String detail, List<String> missing) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.missing = missing;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad request", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not found", detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    public int status() {
        return status;
    }

    String title() {
        return title;
    }

    List<String> missing() {
        return missing;
    }
}

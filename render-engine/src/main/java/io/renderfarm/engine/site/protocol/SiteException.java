package io.renderfarm.engine.site.protocol;

import java.io.IOException;

/** A site refused a request or could not be reached; carries the site's {@link Problem} when it sent one. */
public final class SiteException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient Problem problem;

    public SiteException(int status, Problem problem, String message) {
        super(message);
        this.status = status;
        this.problem = problem;
    }

    /** A refusal a host answers with: {@code status}, a problem titled {@code title}, {@code detail} as the message. */
    public static SiteException refusal(int status, String title, String detail) {
        return new SiteException(status, new Problem("about:blank", title, status, detail), detail);
    }

    /** The HTTP status, 0 when the site did not answer. */
    public int status() {
        return status;
    }

    /** The site's problem body, or null. */
    public Problem problem() {
        return problem;
    }
}

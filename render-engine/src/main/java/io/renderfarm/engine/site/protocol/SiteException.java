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

    /**
     * A refusal a host answers with: {@code status}, a problem of the status's {@link ProblemType#forStatus type}
     * titled {@code title}, {@code detail} as the message. A refusal clients branch on has its own type: use
     * {@link ProblemType#refusal}.
     */
    public static SiteException refusal(int status, String title, String detail) {
        Problem p = ProblemType.forStatus(status).problem(status, title, detail, null);
        return new SiteException(p.status(), p, detail);
    }

    /** The HTTP status, 0 when the site did not answer. */
    public int status() {
        return status;
    }

    /** The kind of problem, by the site's {@code type} (see {@link ProblemType#of}), or by the status without one. */
    public ProblemType type() {
        return ProblemType.of(problem, status);
    }

    /** The site's problem body, or null. */
    public Problem problem() {
        return problem;
    }
}

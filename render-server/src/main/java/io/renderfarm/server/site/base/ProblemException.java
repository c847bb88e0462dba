package io.renderfarm.server.site.base;

import io.renderfarm.engine.site.protocol.Problem;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteException;
import java.util.List;

/**
 * A request the site refuses: its {@link ProblemType}, the HTTP status, a title and the one line that tells the
 * client what was wrong. Built from a bare status, it takes {@link ProblemType#forStatus}, as the Jenkins plugin's
 * refusals do, so both hosts answer the same fault with the same type.
 */
public final class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    public ProblemException(int status, String title, String detail, List<String> missing) {
        this(ProblemType.forStatus(status).problem(status, title, detail, missing));
    }

    /** A refusal of {@code type}, with its usual title. */
    public ProblemException(ProblemType type, String detail) {
        this(type.problem(detail));
    }

    /** A refusal of {@code type}, with its usual title, naming the {@code missing} hashes. */
    public ProblemException(ProblemType type, String detail, List<String> missing) {
        this(type.problem(type.status(), null, detail, missing));
    }

    private ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    /** The engine's refusal as the site's, its type kept. */
    public static ProblemException of(SiteException e) {
        return new ProblemException(
                e.problem() != null
                        ? e.problem()
                        : ProblemType.forStatus(e.status()).problem(e.status(), null, e.getMessage(), null));
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(ProblemType.BAD_REQUEST, detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail);
    }

    public int status() {
        return problem.status();
    }

    /** The problem document the site answers with. */
    public Problem problem() {
        return problem;
    }
}

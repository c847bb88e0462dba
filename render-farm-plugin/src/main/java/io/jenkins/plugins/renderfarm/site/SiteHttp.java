package io.jenkins.plugins.renderfarm.site;

import io.renderfarm.engine.site.host.JsonBody;
import io.renderfarm.engine.site.protocol.Problem;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/** JSON in and out for the served site protocol, with its error form ({@code application/problem+json}). */
final class SiteHttp {
    private SiteHttp() {
    }

    /** A refusal with the status's problem type ({@link ProblemType#forStatus}), as the standalone site's. */
    static SiteException problem(int status, String title, String detail) {
        return SiteException.refusal(status, title, detail);
    }

    static void json(StaplerResponse2 rsp, int status, Object body) throws IOException {
        byte[] bytes = SiteJson.lenient().writeValueAsBytes(body);
        rsp.setStatus(status);
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.setContentLength(bytes.length);
        try (OutputStream out = rsp.getOutputStream()) {
            out.write(bytes);
        }
    }

    static void problem(StaplerResponse2 rsp, SiteException e) throws IOException {
        Problem p = e.problem() != null ? e.problem()
                : ProblemType.forStatus(e.status()).problem(e.status(), null, e.getMessage(), null);
        byte[] bytes = SiteJson.lenient().writeValueAsBytes(p);
        rsp.setStatus(p.status());
        rsp.setContentType(SiteProtocol.PROBLEM_JSON + ";charset=UTF-8");
        try (OutputStream out = rsp.getOutputStream()) {
            out.write(bytes);
        }
    }

    /**
     * Reads a JSON body as every host does ({@link JsonBody}: at most {@link JsonBody#MAX_BYTES}, strictly, unknown
     * fields refused); null for an empty body, which the protocol allows where the body is optional (cancel). A body
     * that is there must be sent as {@code application/json}.
     */
    static <T> T body(StaplerRequest2 req, Class<T> type) throws IOException {
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = JsonBody.read(in, req.getContentLengthLong(), JsonBody.MAX_BYTES);
        }
        if (bytes.length > 0) {
            JsonBody.checkMediaType(req.getContentType());
        }
        return JsonBody.parse(bytes, type);
    }

    static long longQuery(StaplerRequest2 req, String name, long fallback) throws SiteException {
        String v = req.getParameter(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw problem(400, "Bad request", "'" + name + "' must be a whole number");
        }
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 197) + "..." : s;
    }
}

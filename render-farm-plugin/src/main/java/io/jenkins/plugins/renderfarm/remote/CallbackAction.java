package io.jenkins.plugins.renderfarm.remote;

import hudson.Extension;
import hudson.model.UnprotectedRootAction;
import hudson.security.csrf.CrumbExclusion;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.engine.site.api.CompletionNotice;
import io.renderfarm.engine.site.callback.CallbackRejected;
import io.renderfarm.engine.site.callback.CallbackSignature;
import io.renderfarm.engine.site.callback.NonceStore;
import io.renderfarm.engine.site.host.JsonBody;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * {@code POST /render-callback/<render key>}: where a remote controller posts the signed completion notice of a
 * render this controller sent it. Unprotected (the remote holds no credential here) and exempt from CSRF crumbs,
 * so it trusts nothing but the signature: HMAC with the render's own key, a fresh timestamp and an unseen nonce
 * ({@link CallbackSignature}). A good notice only wakes the render, which then reads the job's state and frames
 * from the remote over the authenticated protocol; so even a notice that slipped through could not mark a render
 * done. Answers as the protocol's {@code POST /api/jobs/{id}/callback} does: 204, or a problem (401 for a notice
 * that is unsigned, stale, forged, replayed or for a render not waiting here, all alike, so a caller without the
 * key learns nothing; 409 for a notice about another remote job).
 */
@Extension
public final class CallbackAction implements UnprotectedRootAction {
    public static final String URL_NAME = "render-callback";
    private static final Logger LOGGER = Logger.getLogger(CallbackAction.class.getName());
    private static final int MAX_BODY = 64 * 1024;
    private static final Map<String, RemoteRender> WAITING = new ConcurrentHashMap<>();
    private static final NonceStore NONCES = NonceStore.inMemory(Clock.SYSTEM);
    /** Verifies notices for keys nobody waits on, so they fail exactly where a forged signature fails. */
    private static final String NO_KEY = CallbackSignature.newSecret();

    /** Makes a render reachable for its completion notice while it runs in this controller session. */
    public static void register(String renderKey, RemoteRender render) {
        WAITING.put(renderKey, render);
    }

    public static void unregister(String renderKey) {
        WAITING.remove(renderKey);
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return null;
    }

    public void doDynamic(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        if (!"POST".equals(req.getMethod())) {
            rsp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try {
            receive(req.getRestOfPath().replaceFirst("^/", ""), req);
            rsp.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } catch (SiteException e) {
            byte[] problem = SiteJson.lenient().writeValueAsBytes(e.problem());
            rsp.setStatus(e.status());
            rsp.setContentType(SiteProtocol.PROBLEM_JSON + ";charset=UTF-8");
            try (OutputStream out = rsp.getOutputStream()) {
                out.write(problem);
            }
        }
    }

    /**
     * Checks the completion notice in this request for the render with this key and, when it is good, makes the
     * render look at its remote job now. The signature covers the request's path, so it must be the path the
     * remote was given. Shared by this action and the served protocol's callback route.
     *
     * @throws SiteException 413 (a body over 64 KiB, as on every host), 401 (refused, changing nothing), 400 (signed
     *     but not a notice) or 409 (another job's)
     */
    public static void receive(String renderKey, StaplerRequest2 req) throws IOException {
        RemoteRender render = renderKey.matches("[0-9a-f]{16}") ? WAITING.get(renderKey) : null;
        String key = render == null || render.callbackKey() == null ? NO_KEY : render.callbackKey();
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = JsonBody.read(in, req.getContentLengthLong(), MAX_BODY);
        }
        try {
            CallbackSignature.Headers headers = new CallbackSignature.Headers(req.getHeader(CallbackSignature.TIMESTAMP_HEADER),
                    req.getHeader(CallbackSignature.NONCE_HEADER), req.getHeader(CallbackSignature.SIGNATURE_HEADER));
            new CallbackSignature(key).verify("POST", req.getRequestURI(), body, headers, Clock.SYSTEM.instant(), NONCES);
        } catch (CallbackRejected e) {
            // Anyone can post here: at INFO, and with what they sent, the log would be theirs to fill.
            LOGGER.log(Level.FINE, "refused a completion notice for {0}: {1}",
                    new Object[] {render == null ? "no waiting render" : "render " + renderKey, e.getMessage()});
            throw problem(401, "Unauthorized", "completion notice refused: " + e.getMessage());
        }
        if (render == null) {
            throw problem(401, "Unauthorized", "completion notice refused"); // cannot happen: NO_KEY is never given out
        }
        // Signed with the render's own key: only now may the answer say more than "refused".
        CompletionNotice notice;
        try {
            notice = SiteJson.lenient().readValue(body, CompletionNotice.class);
        } catch (IOException e) {
            throw problem(400, "Bad request", "the notice is not a CompletionNotice");
        }
        String remoteJob = render.remoteJobId();
        if (notice == null || remoteJob != null && !remoteJob.equals(notice.job())) {
            throw problem(409, "Conflict", "the notice is about remote job " + (notice == null ? null : notice.job())
                    + ", but this render went there as job " + remoteJob);
        }
        LOGGER.log(Level.FINE, "completion notice for {0}: {1}", new Object[] {renderKey, notice});
        render.wake();
    }

    private static SiteException problem(int status, String title, String detail) {
        return SiteException.refusal(status, title, detail);
    }

    /** The notice carries no crumb (it is not a browser's request); the signature is its protection. */
    @Extension
    public static final class CrumbExclusionImpl extends CrumbExclusion {
        @Override
        public boolean process(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
                throws IOException, ServletException {
            String path = req.getPathInfo();
            if (path != null && path.startsWith("/" + URL_NAME + "/")) {
                chain.doFilter(req, resp);
                return true;
            }
            return false;
        }
    }
}

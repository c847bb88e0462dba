package io.jenkins.plugins.renderfarm.remote;

import hudson.Extension;
import hudson.model.UnprotectedRootAction;
import hudson.security.csrf.CrumbExclusion;
import io.renderfarm.engine.site.CallbackRejected;
import io.renderfarm.engine.site.CallbackSignature;
import io.renderfarm.engine.site.CompletionNotice;
import io.renderfarm.engine.site.NonceStore;
import io.renderfarm.engine.site.SiteJson;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
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
 * done. Unknown keys answer 404 without saying more.
 */
@Extension
public final class CallbackAction implements UnprotectedRootAction {
    public static final String URL_NAME = "render-callback";
    private static final Logger LOGGER = Logger.getLogger(CallbackAction.class.getName());
    private static final int MAX_BODY = 64 * 1024;
    private static final Map<String, RemoteRender> WAITING = new ConcurrentHashMap<>();
    private static final NonceStore NONCES = NonceStore.inMemory();

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
        String key = req.getRestOfPath().replaceFirst("^/", "");
        RemoteRender render = key.matches("[0-9a-f]{16}") ? WAITING.get(key) : null;
        if (!"POST".equals(req.getMethod()) || render == null || render.callbackKey() == null) {
            rsp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        try {
            if (body.length > MAX_BODY) {
                throw new CallbackRejected("the notice is too large");
            }
            CallbackSignature.Headers headers = new CallbackSignature.Headers(req.getHeader(CallbackSignature.TIMESTAMP_HEADER),
                    req.getHeader(CallbackSignature.NONCE_HEADER), req.getHeader(CallbackSignature.SIGNATURE_HEADER));
            new CallbackSignature(render.callbackKey()).verify("POST", req.getRequestURI(), body, headers, Instant.now(), NONCES);
            CompletionNotice notice = SiteJson.lenient().readValue(body, CompletionNotice.class);
            LOGGER.log(Level.FINE, "completion notice for {0}: {1}", new Object[] {key, notice});
        } catch (CallbackRejected e) {
            LOGGER.log(Level.INFO, "refused a completion notice for render {0}: {1}", new Object[] {key, e.getMessage()});
            rsp.sendError(HttpServletResponse.SC_FORBIDDEN, e.getMessage());
            return;
        }
        render.wake();
        rsp.setStatus(HttpServletResponse.SC_NO_CONTENT);
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

package io.jenkins.plugins.renderfarm.site;

import hudson.Extension;
import hudson.model.RootAction;
import hudson.security.ACL;
import io.renderfarm.engine.site.bundle.BlobFolder;
import io.renderfarm.engine.site.protocol.SiteException;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * Serves the site protocol (the engine's {@code openapi.yaml}) under {@code <jenkins>/render-site/}, so another
 * Jenkins with this plugin, or any client of the protocol, can send renders here; each runs as a build of the
 * configured site job. Authentication is Jenkins' own: a user name with an API token over HTTP Basic, which
 * Jenkins accepts without a CSRF crumb; a browser session's POST still needs one. Every route checks permissions
 * itself ({@link SiteRoutes}), and errors are {@code application/problem+json} as the protocol says: a permission
 * refused is 403 (401 with a Basic challenge for an anonymous caller), a site with no site job 503.
 */
@Extension
public final class SiteAction implements RootAction {
    public static final String URL_NAME = "render-site";
    private static final Logger LOGGER = Logger.getLogger(SiteAction.class.getName());
    /** Largest job file accepted, as a standalone site's default. */
    private static final long MAX_FILE_BYTES = 4096L * 1024 * 1024;
    private volatile BlobFolder blobs;

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    /** No link in the side panel: this is an API, not a page. */
    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "Render site protocol";
    }

    static File blobsDir() {
        return new File(Jenkins.get().getRootDir(), "renderfarm-site/blobs");
    }

    BlobFolder blobs() throws IOException {
        BlobFolder b = blobs;
        if (b == null) {
            synchronized (this) {
                if (blobs == null) {
                    blobs = new BlobFolder(blobsDir().toPath(), MAX_FILE_BYTES);
                }
                b = blobs;
            }
        }
        return b;
    }

    /**
     * The routes served under {@code render-site/}, as {@code METHOD /path} in the OpenAPI file's form; the
     * protocol test compares them with {@code openapi.yaml}.
     */
    public static List<String> servedRoutes() {
        return SiteRoutes.TABLE.names();
    }

    /** Every path below {@code render-site/}; {@link SiteRoutes#TABLE} dispatches on method and path. */
    public void doDynamic(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        try {
            SiteRoutes.TABLE.dispatch(this, req.getMethod(), req.getRestOfPath(), req, rsp);
        } catch (SiteException e) {
            SiteHttp.problem(rsp, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            SiteHttp.problem(rsp, SiteHttp.problem(503, "Interrupted", "the controller is stopping"));
        } catch (RuntimeException e) {
            if (e instanceof org.springframework.security.access.AccessDeniedException denied) {
                if (ACL.isAnonymous2(Jenkins.getAuthentication2())) {
                    rsp.setHeader("WWW-Authenticate", "Basic realm=\"Jenkins\"");
                    SiteHttp.problem(rsp, SiteHttp.problem(401, "Unauthorized", "send a user name and API token (HTTP Basic)"));
                } else {
                    SiteHttp.problem(rsp, SiteHttp.problem(403, "Forbidden", denied.getMessage()));
                }
                return;
            }
            LOGGER.log(Level.WARNING, "site protocol request failed: " + SiteHttp.abbreviate(req.getRestOfPath())
                    .replaceAll("\\p{Cntrl}", "?"), e);
            SiteHttp.problem(rsp, SiteHttp.problem(500, "Internal error", "the request failed; see the controller's log"));
        }
    }
}

package io.jenkins.plugins.renderfarm.site;

import hudson.model.Item;
import io.renderfarm.engine.site.bundle.BlobQuery;
import java.io.IOException;
import java.io.InputStream;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * {@code /api/blobs/...}: the job files a delegating controller sends before it submits, content-addressed and
 * resumable (the engine's {@link io.renderfarm.engine.site.bundle.BlobFolder}). Only who may submit ({@code Job/Build}
 * on the site job) may ask what is missing, upload or probe, so nobody else can fill this controller's disk.
 */
final class SiteBlobRoutes {
    private static final int MAX_HASHES = 100_000;

    private SiteBlobRoutes() {
    }

    static void missing(SiteAction site, StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        SiteJobs.siteJob().checkPermission(Item.BUILD);
        BlobQuery query = SiteHttp.body(req, BlobQuery.class);
        if (query == null || query.sha256() == null || query.sha256().size() > MAX_HASHES) {
            throw SiteHttp.problem(400, "Bad request", "send {\"sha256\": [...]} with at most " + MAX_HASHES + " hashes");
        }
        SiteHttp.json(rsp, 200, site.blobs().missing(query.sha256()));
    }

    static void upload(SiteAction site, String sha256, StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        SiteJobs.siteJob().checkPermission(Item.BUILD);
        if (req.getParameter("size") == null) {
            throw SiteHttp.problem(400, "Bad request", "PUT /api/blobs/{sha256}?size=<bytes>[&offset=<bytes>]");
        }
        long size = SiteHttp.longQuery(req, "size", -1);
        long offset = SiteHttp.longQuery(req, "offset", 0);
        try (InputStream in = req.getInputStream()) {
            SiteHttp.json(rsp, 200, site.blobs().append(sha256, size, offset, in));
        }
    }

    /** 200 with the size when held completely; 404 with {@code Upload-Offset} (the bytes received so far) when not. */
    static void head(SiteAction site, String sha256, StaplerResponse2 rsp) throws IOException {
        SiteJobs.siteJob().checkPermission(Item.BUILD);
        if (site.blobs().has(sha256)) {
            rsp.setStatus(200);
            rsp.setHeader("Content-Length", Long.toString(site.blobs().path(sha256).toFile().length()));
        } else {
            rsp.setStatus(404);
            rsp.setHeader("Upload-Offset", Long.toString(site.blobs().received(sha256)));
        }
    }
}

package io.jenkins.plugins.renderfarm.site;

import hudson.model.Item;
import io.jenkins.plugins.renderfarm.config.RenderFarmConfiguration;
import io.jenkins.plugins.renderfarm.config.RenderProfile;
import io.jenkins.plugins.renderfarm.jobtype.RenderFlowDefinition;
import io.renderfarm.engine.site.BlobQuery;
import io.renderfarm.engine.site.JobList;
import io.renderfarm.engine.site.JobView;
import io.renderfarm.engine.site.SiteProtocol;
import io.renderfarm.engine.site.SubmitRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * The routes of the served site protocol, one method each, following the engine's {@code openapi.yaml}. The
 * first line of each checks a permission: {@code Overall/Read} for the site and the protocol description,
 * {@code Job/Build} on the site job to upload files and submit, {@code Job/Read} on a delegated build to see it,
 * its events and frames ({@code Run/Artifacts} too for frame images when enabled), {@code Job/Cancel} to cancel.
 */
final class SiteRoutes {
    private static final int MAX_LISTED = 100;
    private final SiteAction site;

    SiteRoutes(SiteAction site) {
        this.site = site;
    }

    void dispatch(String method, String path, StaplerRequest2 req, StaplerResponse2 rsp) throws IOException, InterruptedException {
        String[] p = path.replaceFirst("^/", "").split("/", -1);
        String route = method + " " + (p.length > 0 ? p[0] : "") + (p.length > 1 ? "/" + p[1] : "");
        switch (route) {
            case "GET openapi.yaml" -> openapi(rsp);
            case "GET api/site" -> info(rsp);
            case "POST api/blobs" -> missing(p, req, rsp);
            case "PUT api/blobs" -> upload(p, req, rsp);
            case "HEAD api/blobs" -> head(p, rsp);
            case "GET api/jobs" -> {
                if (p.length == 2) {
                    list(rsp);
                } else {
                    new SiteJobRoutes().get(p, req, rsp);
                }
            }
            case "POST api/jobs" -> {
                if (p.length == 2) {
                    submit(req, rsp);
                } else {
                    new SiteJobRoutes().post(p, req, rsp);
                }
            }
            default -> throw SiteHttp.problem(404, "Not found", "no " + method + " " + SiteHttp.abbreviate(path) + " in the site protocol");
        }
    }

    private static void openapi(StaplerResponse2 rsp) throws IOException {
        Jenkins.get().checkPermission(Jenkins.READ);
        try (InputStream in = SiteProtocol.class.getResourceAsStream(SiteProtocol.OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IOException("the OpenAPI file is missing from the engine jar");
            }
            rsp.setContentType("application/yaml;charset=UTF-8");
            try (OutputStream out = rsp.getOutputStream()) {
                in.transferTo(out);
            }
        }
    }

    private void info(StaplerResponse2 rsp) throws IOException {
        Jenkins.get().checkPermission(Jenkins.READ);
        String label = null;
        String name = RenderFarmConfiguration.get().getSiteJob();
        WorkflowJob job = name.isEmpty() ? null : Jenkins.get().getItemByFullName(name, WorkflowJob.class);
        if (job != null && job.getDefinition() instanceof RenderFlowDefinition form) {
            label = RenderFarmConfiguration.get().profile(form.getProfile()).map(RenderProfile::labelExpression).orElse(null);
        }
        Map<String, Long> storage = new LinkedHashMap<>();
        storage.put("maxFileBytes", site.blobs().maxFileBytes());
        SiteHttp.json(rsp, 200, SiteViews.site(label, storage));
    }

    private void missing(String[] p, StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        SiteJobs.siteJob().checkPermission(Item.BUILD);
        if (p.length != 3 || !"missing".equals(p[2])) {
            throw SiteHttp.problem(404, "Not found", "POST /api/blobs/missing is the only POST on blobs");
        }
        BlobQuery query = SiteHttp.body(req, BlobQuery.class);
        if (query == null || query.sha256() == null || query.sha256().size() > 100_000) {
            throw SiteHttp.problem(400, "Bad request", "send {\"sha256\": [...]} with at most 100000 hashes");
        }
        SiteHttp.json(rsp, 200, site.blobs().missing(query.sha256()));
    }

    private void upload(String[] p, StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        SiteJobs.siteJob().checkPermission(Item.BUILD);
        if (p.length != 3 || req.getParameter("size") == null) {
            throw SiteHttp.problem(400, "Bad request", "PUT /api/blobs/{sha256}?size=<bytes>[&offset=<bytes>]");
        }
        long size = SiteHttp.longQuery(req, "size", -1);
        long offset = SiteHttp.longQuery(req, "offset", 0);
        try (InputStream in = req.getInputStream()) {
            SiteHttp.json(rsp, 200, site.blobs().append(p[2], size, offset, in));
        }
    }

    private void head(String[] p, StaplerResponse2 rsp) throws IOException {
        SiteJobs.siteJob().checkPermission(Item.BUILD);
        if (p.length != 3) {
            throw SiteHttp.problem(404, "Not found", "HEAD /api/blobs/{sha256}");
        }
        if (site.blobs().has(p[2])) {
            rsp.setStatus(200);
            rsp.setHeader("Content-Length", Long.toString(site.blobs().path(p[2]).toFile().length()));
        } else {
            rsp.setStatus(404);
            rsp.setHeader("Upload-Offset", Long.toString(site.blobs().received(p[2])));
        }
    }

    private static void list(StaplerResponse2 rsp) throws IOException {
        WorkflowJob job = SiteJobs.siteJob();
        job.checkPermission(Item.READ);
        List<JobView> views = new ArrayList<>();
        for (WorkflowRun run : job.getBuilds().limit(MAX_LISTED)) {
            if (run.getAction(DelegatedJobAction.class) != null) {
                views.add(SiteViews.job(run));
            }
        }
        SiteHttp.json(rsp, 200, new JobList(views));
    }

    private void submit(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException, InterruptedException {
        SiteJobs.siteJob().checkPermission(Item.BUILD);
        WorkflowRun run = SiteJobs.submit(SiteHttp.body(req, SubmitRequest.class), site.blobs());
        JobView view = SiteViews.job(run);
        rsp.setHeader("Location", view.links().get("self"));
        SiteHttp.json(rsp, 201, view);
    }
}

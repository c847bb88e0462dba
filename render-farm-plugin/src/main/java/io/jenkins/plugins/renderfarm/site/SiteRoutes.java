package io.jenkins.plugins.renderfarm.site;

import hudson.model.Item;
import io.jenkins.plugins.renderfarm.config.RenderFarmConfiguration;
import io.jenkins.plugins.renderfarm.config.RenderProfile;
import io.jenkins.plugins.renderfarm.jobtype.RenderFlowDefinition;
import io.jenkins.plugins.renderfarm.remote.LocalCapacity;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.site.api.JobList;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.OfferRequest;
import io.renderfarm.engine.site.api.OfferView;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import io.renderfarm.engine.site.api.SubmitRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * The served protocol's routes, exactly the paths and methods of the engine's {@code openapi.yaml}, and the
 * site-wide ones. The first thing each handler does is check a permission: {@code Overall/Read} for the site (its
 * agents' names and the remote controllers only with {@code Overall/SystemRead}), the protocol description and the
 * session, {@code Job/Build} on the site job to upload files and submit,
 * {@code Job/Read} on it to list jobs and for an offer ({@link SiteJobs#siteJob} answers 403 when the caller may
 * not see it).
 */
public final class SiteRoutes {
    /** Fixed paths before templates that also match them ({@code /api/blobs/missing} before {@code {sha256}}). */
    static final RouteTable TABLE = new RouteTable()
            .add("GET", SiteProtocol.OPENAPI_PATH, (site, p, req, rsp) -> openapi(rsp))
            .add("POST", "/api/session", (site, p, req, rsp) -> session(req, rsp))
            .add("GET", "/api/site", (site, p, req, rsp) -> info(site, rsp))
            .add("POST", "/api/offer", (site, p, req, rsp) -> offer(req, rsp))
            .add("POST", "/api/blobs/missing", (site, p, req, rsp) -> SiteBlobRoutes.missing(site, req, rsp))
            .add("HEAD", "/api/blobs/{sha256}", (site, p, req, rsp) -> SiteBlobRoutes.head(site, p.get(0), rsp))
            .add("PUT", "/api/blobs/{sha256}", (site, p, req, rsp) -> SiteBlobRoutes.upload(site, p.get(0), req, rsp))
            .add("GET", "/api/jobs", (site, p, req, rsp) -> list(rsp))
            .add("POST", "/api/jobs", (site, p, req, rsp) -> submit(site, req, rsp))
            .add("GET", "/api/jobs/{id}", (site, p, req, rsp) -> SiteJobRoutes.job(p.get(0), rsp))
            .add("POST", "/api/jobs/{id}/cancel", (site, p, req, rsp) -> SiteJobRoutes.cancel(p.get(0), req, rsp))
            .add("POST", "/api/jobs/{id}/approve", (site, p, req, rsp) -> SiteJobRoutes.approve(p.get(0)))
            .add("GET", "/api/jobs/{id}/events", (site, p, req, rsp) -> SiteJobRoutes.events(p.get(0), req, rsp))
            .add("POST", "/api/jobs/{id}/callback", (site, p, req, rsp) -> SiteJobRoutes.callback(p.get(0), req, rsp))
            .add("GET", "/api/jobs/{id}/frames", (site, p, req, rsp) -> SiteOutputRoutes.frames(p.get(0), rsp))
            .add("GET", "/api/jobs/{id}/frames.zip", (site, p, req, rsp) -> SiteOutputRoutes.zip(p.get(0), rsp))
            .add("GET", "/api/jobs/{id}/frames/{frame}", (site, p, req, rsp) -> SiteOutputRoutes.frame(p.get(0), p.get(1), rsp))
            .add("GET", "/api/jobs/{id}/samples", (site, p, req, rsp) -> SiteOutputRoutes.samples(p.get(0), rsp))
            .add("GET", "/api/jobs/{id}/samples/{name}", (site, p, req, rsp) -> SiteOutputRoutes.sample(p.get(0), p.get(1), rsp));

    private SiteRoutes() {
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

    /**
     * A standalone site trades its token for a cookie here, for browsers. Jenkins authenticates every request
     * itself (its login session or an API token), so there is no token to trade: a caller Jenkins already let in
     * gets 204 and no cookie, and the body's token is ignored, never checked or logged.
     */
    private static void session(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        Jenkins.get().checkPermission(Jenkins.READ);
        SiteHttp.body(req, SessionRequest.class);
        rsp.setStatus(204);
    }

    /** Body of {@code POST /api/session}; read only so a malformed request gets the protocol's 400 or 415. */
    record SessionRequest(String token) {
    }

    private static void info(SiteAction site, StaplerResponse2 rsp) throws IOException {
        Jenkins.get().checkPermission(Jenkins.READ);
        String label = null;
        String name = RenderFarmConfiguration.get().getSiteJob();
        // As the caller: someone who may not see the site job is not shown its agents either.
        WorkflowJob job = name.isEmpty() ? null : Jenkins.get().getItemByFullName(name, WorkflowJob.class);
        if (job != null && job.getDefinition() instanceof RenderFlowDefinition form) {
            label = RenderFarmConfiguration.get().profile(form.getProfile()).map(RenderProfile::labelExpression).orElse(null);
        }
        Map<String, Long> storage = new LinkedHashMap<>();
        storage.put("maxFileBytes", site.blobs().maxFileBytes());
        SiteHttp.json(rsp, 200, SiteViews.site(label, job == null ? Map.of() : SiteViews.counts(SiteJobs.delegated(job)),
                storage, Jenkins.get().hasPermission(Jenkins.SYSTEM_READ)));
    }

    /**
     * What this controller offers a job of the profile asked about: the site job's agents whose labels and probed
     * hardware fit it, as a render here would count them, and whether a cloud can provision more for that label.
     * Asked as the caller; 503 when no site job takes delegated renders.
     */
    private static void offer(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        Jenkins.get().checkPermission(Jenkins.READ);
        OfferRequest request = SiteHttp.body(req, OfferRequest.class);
        JobProfile profile;
        try {
            profile = OfferRequest.checkedProfile(request);
        } catch (IllegalArgumentException e) {
            throw SiteHttp.problem(400, "Bad request", e.getMessage());
        }
        WorkflowJob job = SiteJobs.siteJob();
        RenderProfile pool = job.getDefinition() instanceof RenderFlowDefinition form
                ? RenderFarmConfiguration.get().profile(form.getProfile()).orElse(null) : null;
        if (pool == null) {
            throw SiteHttp.problem(503, "Not taking jobs", "the site job " + job.getFullName()
                    + " is not a Render job with a configured profile, so no agents are set aside for delegated renders");
        }
        SiteHttp.json(rsp, 200, OfferView.of(LocalCapacity.of(pool.labelExpressionFor(profile), profile,
                pool.getCloudRequests() > 0)));
    }

    private static void list(StaplerResponse2 rsp) throws IOException {
        WorkflowJob job = SiteJobs.siteJob();
        List<JobView> views = new ArrayList<>();
        for (SiteJobs.Found found : SiteJobs.delegated(job)) {
            if (found.run() == null || found.run().hasPermission(Item.READ)) {
                views.add(SiteViews.job(found));
            }
        }
        SiteHttp.json(rsp, 200, new JobList(views));
    }

    /** Answers at once with the job, queued: its build may start any time later, or already has. */
    private static void submit(SiteAction site, StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        SiteJobs.siteJob().checkPermission(Item.BUILD);
        JobView view = SiteViews.job(SiteJobs.submit(SiteHttp.body(req, SubmitRequest.class), site.blobs()));
        rsp.setHeader("Location", view.links().get("self"));
        SiteHttp.json(rsp, 201, view);
    }
}

package io.renderfarm.server.site.http;

import io.javalin.http.Context;
import io.renderfarm.engine.site.api.CancelRequest;
import io.renderfarm.engine.site.api.JobList;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.PriorityRequest;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.server.site.base.ProblemException;
import io.renderfarm.server.site.db.JobRecord;
import io.renderfarm.server.site.db.JobTable;
import io.renderfarm.server.site.jobs.JobManager;
import java.util.ArrayList;
import java.util.List;

/** {@code /api/jobs}: submit, list, get, cancel, approve and change a job's priority. */
public final class JobRoutes {
    private static final int MAX_REASON = 500;
    private final JobManager jobs;
    private final JobTable table;

    public JobRoutes(JobManager jobs, JobTable table) {
        this.jobs = jobs;
        this.table = table;
    }

    public void register(Routes routes) {
        routes.get("/api/jobs", this::list);
        routes.post("/api/jobs", this::submit);
        routes.get("/api/jobs/{id}", this::get);
        routes.post("/api/jobs/{id}/cancel", this::cancel);
        routes.post("/api/jobs/{id}/approve", this::approve);
        routes.post("/api/jobs/{id}/priority", this::priority);
    }

    private void list(Context ctx) throws Exception {
        List<JobView> views = new ArrayList<>();
        for (JobRecord r : table.list()) {
            views.add(jobs.view(r));
        }
        Http.json(ctx, 200, new JobList(views));
    }

    private void submit(Context ctx) throws Exception {
        JobView job = jobs.submit(Http.body(ctx, SubmitRequest.class));
        ctx.header("Location", job.links().get("self"));
        Http.json(ctx, 201, job);
    }

    private void get(Context ctx) throws Exception {
        Http.json(ctx, 200, jobs.view(Http.jobId(ctx)));
    }

    private void cancel(Context ctx) throws Exception {
        String id = Http.jobId(ctx);
        CancelRequest request = Http.body(ctx, CancelRequest.class);
        String reason = request == null ? null : request.reason();
        if (reason != null && (reason.length() > MAX_REASON || reason.chars().anyMatch(Character::isISOControl))) {
            throw ProblemException.badRequest("'reason' must be at most " + MAX_REASON + " characters on one line");
        }
        boolean wasRunning = jobs.cancel(id, reason);
        Http.json(ctx, wasRunning ? 202 : 200, jobs.view(id));
    }

    private void priority(Context ctx) throws Exception {
        PriorityRequest request = Http.body(ctx, PriorityRequest.class);
        Http.json(ctx, 200, jobs.setPriority(Http.jobId(ctx), request == null ? null : request.priority()));
    }

    private void approve(Context ctx) throws Exception {
        String id = Http.jobId(ctx);
        jobs.approve(id);
        Http.json(ctx, 202, jobs.view(id));
    }
}

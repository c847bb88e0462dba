package io.jenkins.plugins.renderfarm.site;

import hudson.Functions;
import hudson.model.CauseOfInterruption;
import hudson.model.Executor;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.User;
import io.jenkins.plugins.renderfarm.progress.RenderProgressAction;
import io.jenkins.plugins.renderfarm.progress.StoredEntry;
import io.renderfarm.engine.site.CancelRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import jenkins.util.VirtualFile;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * {@code /api/jobs/{id}/...}: one delegated build: the job, its events, frames and samples (each behind
 * {@link SiteJobs#find}, which checks {@code Job/Read}), and cancel ({@code Job/Cancel}).
 */
final class SiteJobRoutes {
    void get(String[] p, StaplerRequest2 req, StaplerResponse2 rsp) throws IOException, InterruptedException {
        WorkflowRun run = SiteJobs.find(p[2]);
        String sub = p.length > 3 ? p[3] : "";
        switch (sub) {
            case "" -> SiteHttp.json(rsp, 200, SiteViews.job(run));
            case "events" -> SiteEvents.stream(run, req, rsp);
            case "frames" -> {
                if (p.length == 4) {
                    SiteHttp.json(rsp, 200, SiteViews.frames(run));
                } else {
                    frame(run, p[4], rsp);
                }
            }
            case "samples" -> sample(run, p.length > 4 ? p[4] : "", rsp);
            default -> throw SiteHttp.problem(404, "Not found", "no such resource of job " + p[2]);
        }
    }

    void post(String[] p, StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        WorkflowRun run = SiteJobs.find(p[2]);
        String sub = p.length > 3 ? p[3] : "";
        if ("cancel".equals(sub)) {
            cancel(run, SiteHttp.body(req, CancelRequest.class), rsp);
        } else if ("approve".equals(sub)) {
            throw SiteHttp.problem(409, "Conflict", "renders on Jenkins never wait for approval; abort the build to stop one");
        } else {
            throw SiteHttp.problem(404, "Not found", "no such action on job " + p[2]);
        }
    }

    /** Aborts the build, as its Abort button would, in the name of the caller. */
    private static void cancel(WorkflowRun run, CancelRequest request, StaplerResponse2 rsp) throws IOException {
        run.checkPermission(Item.CANCEL);
        Executor executor = run.getExecutor();
        boolean running = run.isBuilding() && executor != null;
        if (running) {
            User user = User.current();
            executor.interrupt(Result.ABORTED, new CauseOfInterruption.UserInterruption(
                    user == null ? "the controller that delegated this render" : user.getId()));
        }
        SiteHttp.json(rsp, running ? 202 : 200, SiteViews.job(run));
    }

    private static void frame(WorkflowRun run, String number, StaplerResponse2 rsp) throws IOException {
        artifacts(run);
        RenderProgressAction render = run.getAction(RenderProgressAction.class);
        StoredEntry entry;
        try {
            entry = render == null ? null : render.storedFrames().get(Integer.parseInt(number));
        } catch (NumberFormatException e) {
            entry = null;
        }
        if (entry == null) {
            throw SiteHttp.problem(404, "Not found", "frame " + SiteHttp.abbreviate(number) + " is not rendered");
        }
        rsp.setHeader("ETag", "\"" + entry.getSha256() + "\"");
        send(run.getArtifactManager().root().child(entry.getPath()), rsp);
    }

    private static void sample(WorkflowRun run, String name, StaplerResponse2 rsp) throws IOException {
        artifacts(run);
        RenderProgressAction render = run.getAction(RenderProgressAction.class);
        if (render == null || !name.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,200}")) {
            throw SiteHttp.problem(404, "Not found", "no sample '" + SiteHttp.abbreviate(name) + "'");
        }
        send(run.getArtifactManager().root().child(render.getArtifactDir() + "/samples/" + name), rsp);
    }

    private static void artifacts(Run<?, ?> run) {
        run.checkPermission(Functions.isArtifactsPermissionEnabled() ? Run.ARTIFACTS : Item.READ);
    }

    private static void send(VirtualFile file, StaplerResponse2 rsp) throws IOException {
        if (!file.isFile()) {
            throw SiteHttp.problem(404, "Not found", "the image is not (or no longer) stored");
        }
        rsp.setContentType("image/png");
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        try (InputStream in = file.open(); OutputStream out = rsp.getOutputStream()) {
            in.transferTo(out);
        }
    }
}

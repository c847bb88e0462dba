package io.jenkins.plugins.renderfarm.site;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.queue.QueueTaskFuture;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.renderfarm.config.RenderFarmConfiguration;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.site.BlobFolder;
import io.renderfarm.engine.site.FileEntry;
import io.renderfarm.engine.site.Problem;
import io.renderfarm.engine.site.SiteException;
import io.renderfarm.engine.site.SubmitCheck;
import io.renderfarm.engine.site.SubmitRequest;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;

/**
 * The jobs other controllers delegate here: each is a build of the configured site job (a render job whose
 * profile names the agents delegated work may use), found again by its protocol id. The id is random, so ids
 * cannot be guessed or enumerated; the build number it maps to is kept beside the job's files.
 */
final class SiteJobs {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int START_TIMEOUT_SECONDS = 60;

    private SiteJobs() {
    }

    /**
     * The site job, once the caller may read it: 503 when this controller takes no delegated jobs (none configured,
     * or the configured one does not exist), and {@code Job/Read} refused (403, or 401 for an anonymous caller;
     * see {@link SiteAction}) when it does but the caller may not see it.
     */
    static WorkflowJob siteJob() throws SiteException {
        String name = RenderFarmConfiguration.get().getSiteJob();
        WorkflowJob job = name.isEmpty() ? null : lookUpAsSystem(name);
        if (job == null) {
            throw SiteHttp.problem(503, "Not taking jobs", "this Jenkins takes no delegated renders: "
                    + (name.isEmpty() ? "no site job is configured" : "the configured site job does not exist")
                    + " (Manage Jenkins » System » Render farm)");
        }
        job.checkPermission(Item.READ);
        return job;
    }

    /**
     * Looks the job up whoever asks: as the caller, a job they may not read looks absent, and "not configured"
     * would hide that the answer is really "not for you".
     */
    @SuppressWarnings("try") // the context is only closed, never read
    private static WorkflowJob lookUpAsSystem(String name) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            return Jenkins.get().getItemByFullName(name, WorkflowJob.class);
        }
    }

    /** Checks the request, lays the job's files out, starts a build of the site job and waits until it runs. */
    static WorkflowRun submit(SubmitRequest request, BlobFolder blobs) throws IOException, InterruptedException {
        WorkflowJob job = siteJob();
        job.checkPermission(Item.BUILD);
        SubmitCheck.Checked c = SubmitCheck.check(request, RenderFarmConfiguration.get().peers());
        List<String> missing = c.files().stream().map(FileEntry::sha256).distinct().filter(h -> !has(blobs, h)).toList();
        if (!missing.isEmpty()) {
            throw new SiteException(409, new Problem("about:blank", "Files missing", 409, missing.size()
                    + " of the job's files are not here; upload them first", missing), "files missing");
        }
        String id = "j" + HexFormat.of().formatHex(randomBytes());
        File dir = DelegatedJobAction.jobDir(id);
        blobs.materialize(c.files(), new File(dir, "files").toPath());
        String name = request.name() == null || request.name().isBlank() ? c.scene() : request.name().strip();
        DelegatedJobAction action = new DelegatedJobAction(id, name, c.scene(), c.frames().toString(),
                ProfileReader.toJson(c.profile()).toString(), c.output().prefix(), c.callbackUrl(), request.callbackSecret());
        QueueTaskFuture<WorkflowRun> future = job.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause()), action);
        if (future == null) {
            throw SiteHttp.problem(503, "Not taking jobs", "the site job " + job.getFullName() + " cannot be built now");
        }
        try {
            WorkflowRun run = future.getStartCondition().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Files.writeString(new File(dir, "build").toPath(), Integer.toString(run.getNumber()), StandardCharsets.UTF_8);
            return run;
        } catch (ExecutionException | TimeoutException e) {
            throw SiteHttp.problem(503, "Not started", "the build of " + job.getFullName() + " did not start: " + e);
        }
    }

    private static boolean has(BlobFolder blobs, String sha256) {
        try {
            return blobs.has(sha256);
        } catch (SiteException e) {
            return false;
        }
    }

    /**
     * The build of a delegated job. {@link #siteJob} refuses callers who may not read the site job; ids that are
     * malformed, unknown or of builds the caller may not see all answer the same 404.
     */
    static WorkflowRun find(String id) throws IOException {
        WorkflowJob job = siteJob();
        if (!id.matches("j[0-9a-f]{24}")) {
            throw SiteHttp.problem(404, "Not found", "no job '" + SiteHttp.abbreviate(id) + "' here");
        }
        File build = new File(DelegatedJobAction.jobDir(id), "build");
        WorkflowRun run = build.isFile() ? job.getBuildByNumber(Integer.parseInt(
                Files.readString(build.toPath(), StandardCharsets.UTF_8).trim())) : null;
        DelegatedJobAction action = run == null ? null : run.getAction(DelegatedJobAction.class);
        if (action == null || !action.getSiteJobId().equals(id) || !run.hasPermission(Item.READ)) {
            throw SiteHttp.problem(404, "Not found", "no job '" + id + "' here");
        }
        return run;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return b;
    }
}

package io.jenkins.plugins.renderfarm.site;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.renderfarm.config.RenderFarmConfiguration;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.engine.site.api.FileEntry;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.bundle.BlobFolder;
import io.renderfarm.engine.site.host.SubmitCheck;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import jenkins.model.ParameterizedJobMixIn;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;

/**
 * The jobs other controllers delegate here: each is a build of the configured site job (a render job whose
 * profile names the agents delegated work may use), found again by its protocol id through the job's
 * {@link DelegatedJob} record, which also holds the job while its build waits in the queue. The id is random, so
 * ids cannot be guessed or enumerated.
 */
final class SiteJobs {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How many of the site job's newest builds are listed, and searched for a job whose build number is unknown. */
    static final int MAX_LISTED = 100;
    private static final int LOOK_BACK = 20;

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

    /**
     * Checks the request, lays the job's files out, records the job ({@link DelegatedJob}) and schedules a build of
     * the site job for it; returns at once with the job, queued. Never waits for the build: the job's record
     * answers every question about it from now on.
     */
    static Found submit(SubmitRequest request, BlobFolder blobs) throws IOException {
        WorkflowJob job = siteJob();
        job.checkPermission(Item.BUILD);
        SubmitCheck.Checked c = SubmitCheck.check(request, RenderFarmConfiguration.get().peers());
        List<String> missing = c.files().stream().map(FileEntry::sha256).distinct().filter(h -> !has(blobs, h)).toList();
        if (!missing.isEmpty()) {
            String detail = missing.size() + " of the job's files are not on the site; upload them first"
                    + " (POST /api/blobs/missing, PUT /api/blobs/{sha256})";
            throw new SiteException(409, ProblemType.FILES_MISSING.problem(409, null, detail, missing), detail);
        }
        String id = "j" + HexFormat.of().formatHex(randomBytes());
        File dir = DelegatedJobAction.jobDir(id);
        blobs.materialize(c.files(), new File(dir, "files").toPath());
        String name = c.name();
        String profileJson = ProfileReader.toJson(c.profile()).toString();
        DelegatedJob record = new DelegatedJob(id, name, c.scene(), c.frames().toString(), profileJson, c.output().prefix(),
                Clock.SYSTEM.instant().toEpochMilli(), 0, null);
        record.create();
        DelegatedJobAction action = new DelegatedJobAction(id, name, c.scene(), c.frames().toString(), profileJson,
                c.output().prefix(), c.callbackUrl(), c.callbackSecret());
        Queue.Item item = ParameterizedJobMixIn.scheduleBuild2(job, 0, new CauseAction(new Cause.UserIdCause()), action);
        if (item == null) {
            DelegatedJob.update(id, j -> j.withCancel("the site job could not be built"));
            throw SiteHttp.problem(503, "Not taking jobs", "the site job " + job.getFullName() + " cannot be built now");
        }
        return new Found(record, null);
    }

    private static boolean has(BlobFolder blobs, String sha256) {
        try {
            return blobs.has(sha256);
        } catch (SiteException e) {
            return false;
        }
    }

    /**
     * A delegated job as this site holds it, and the build rendering it once that started (null before). The view,
     * frames and events of a job come from both; nothing waits for the build.
     */
    record Found(DelegatedJob job, WorkflowRun run) {
    }

    /**
     * The delegated job {@code id}. {@link #siteJob} refuses callers who may not read the site job; ids that are
     * malformed, unknown or of builds the caller may not see all answer the same 404.
     */
    static Found find(String id) throws IOException {
        WorkflowJob job = siteJob();
        if (!id.matches("j[0-9a-f]{24}")) {
            throw SiteHttp.problem(404, "Not found", "no job '" + SiteHttp.abbreviate(id) + "' here");
        }
        DelegatedJob record = DelegatedJob.load(id);
        Found found = record != null ? new Found(record, buildOf(job, record)) : legacy(job, id);
        if (found == null || found.run() != null && !found.run().hasPermission(Item.READ)
                || found.run() == null && record != null && record.build() > 0) {
            throw SiteHttp.problem(404, "Not found", "no job '" + id + "' here");
        }
        return found;
    }

    /** The job of a build of the site job, or null when it renders no delegated job. */
    static Found of(WorkflowRun run) throws IOException {
        DelegatedJobAction action = run.getAction(DelegatedJobAction.class);
        if (action == null) {
            return null;
        }
        DelegatedJob record = DelegatedJob.load(action.getSiteJobId());
        return new Found(record != null ? record : fromAction(action, run), run);
    }

    /** The job's build: by the number its record holds, else among the newest builds, for a number not recorded. */
    private static WorkflowRun buildOf(WorkflowJob job, DelegatedJob record) {
        if (record.build() > 0) {
            return job.getBuildByNumber(record.build());
        }
        for (WorkflowRun run : job.getBuilds().limit(LOOK_BACK)) {
            DelegatedJobAction action = run.getAction(DelegatedJobAction.class);
            if (action != null && action.getSiteJobId().equals(record.id())) {
                return run;
            }
        }
        return null;
    }

    /** A job accepted before jobs had records: its build number is in a file beside its files. */
    private static Found legacy(WorkflowJob job, String id) throws IOException {
        File build = new File(DelegatedJobAction.jobDir(id), "build");
        WorkflowRun run = build.isFile() ? job.getBuildByNumber(Integer.parseInt(
                Files.readString(build.toPath(), StandardCharsets.UTF_8).trim())) : null;
        DelegatedJobAction action = run == null ? null : run.getAction(DelegatedJobAction.class);
        return action == null || !action.getSiteJobId().equals(id) ? null : new Found(fromAction(action, run), run);
    }

    private static DelegatedJob fromAction(DelegatedJobAction a, WorkflowRun run) {
        return new DelegatedJob(a.getSiteJobId(), a.getName(), a.scenePath(), a.getFrames(), a.profileJson(),
                a.getOutputPrefix(), run.getTimeInMillis(), run.getNumber(), null);
    }

    /**
     * Records that the job is canceled, so a build already on its way to an executor stops before it renders, and
     * removes it from the queue while it waits there. The caller aborts a build that already runs.
     */
    @SuppressWarnings("try") // the context is only closed, never read
    static void cancelBeforeStart(Found found, String reason) throws IOException {
        DelegatedJob.update(found.job().id(), j -> j.withCancel(reason));
        if (found.run() != null) {
            return;
        }
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) { // the caller may cancel the job; the queue shows items by Job/Read
            for (Queue.Item item : Queue.getInstance().getItems()) {
                DelegatedJobAction action = item.getAction(DelegatedJobAction.class);
                if (action != null && action.getSiteJobId().equals(found.job().id())) {
                    Queue.getInstance().cancel(item);
                }
            }
        }
    }

    /**
     * The delegated jobs of the site job, newest first: its builds that render one, and those still waiting in the
     * queue or about to start, each once.
     */
    static List<Found> delegated(WorkflowJob job) throws IOException {
        Map<String, Found> jobs = new LinkedHashMap<>();
        List<Queue.Item> waiting = new ArrayList<>(Queue.getInstance().getItems(job));
        waiting.addAll(Queue.getInstance().getLeftItems());
        for (Queue.Item item : waiting) {
            DelegatedJobAction action = item.getAction(DelegatedJobAction.class);
            if (action != null && item.task == job && !(item instanceof Queue.LeftItem left && left.isCancelled())) {
                DelegatedJob record = DelegatedJob.load(action.getSiteJobId());
                if (record != null && record.build() == 0) {
                    jobs.putIfAbsent(record.id(), new Found(record, null));
                }
            }
        }
        for (WorkflowRun run : job.getBuilds().limit(MAX_LISTED)) {
            Found found = of(run);
            if (found != null) {
                jobs.put(found.job().id(), found);
            }
        }
        return new ArrayList<>(jobs.values());
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return b;
    }
}

package io.jenkins.plugins.renderfarm.site;

import hudson.model.Action;
import hudson.model.InvisibleAction;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.util.Secret;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.event.JobEventSink;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.site.host.SiteEventLog;
import java.io.File;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.model.RunAction2;

/**
 * On a build of the site job: the job another controller delegated here through the site protocol, as checked at
 * submit. The job's files wait in {@code JENKINS_HOME/renderfarm-site/jobs/<id>/files}, beside its
 * {@link DelegatedJob} record, until its build starts and then move into the build's folder ({@link #filesDir});
 * the events the protocol streams are kept beside the build ({@link #siteLog}). The callback secret is kept
 * encrypted and never shown. As a queue action it keeps every delegated job a build of its own (jobs sent together
 * are never folded into one queue item); attached to its build, it records the build's number in the job's record,
 * which is how the site finds the build from then on.
 */
public final class DelegatedJobAction extends InvisibleAction implements Queue.QueueAction, RunAction2 {
    private static final Logger LOGGER = Logger.getLogger(DelegatedJobAction.class.getName());
    private final String siteJobId;
    private final String name;
    private final String scene;
    private final String frames;
    private final String profileJson;
    private final String outputPrefix;
    private final String callbackUrl;
    private final Secret callbackSecret;

    DelegatedJobAction(String siteJobId, String name, String scene, String frames, String profileJson, String outputPrefix,
                       String callbackUrl, String callbackSecret) {
        this.siteJobId = siteJobId;
        this.name = name;
        this.scene = scene;
        this.frames = frames;
        this.profileJson = profileJson;
        this.outputPrefix = outputPrefix;
        this.callbackUrl = callbackUrl;
        this.callbackSecret = callbackSecret == null ? null : Secret.fromString(callbackSecret);
    }

    /** Every delegated job is a build of its own: never folded into another queued build of the site job. */
    @Override
    public boolean shouldSchedule(List<Action> actions) {
        return true;
    }

    @Override
    public void onAttached(Run<?, ?> run) {
        recordBuild(run);
    }

    @Override
    public void onLoad(Run<?, ?> run) {
        recordBuild(run);
    }

    private void recordBuild(Run<?, ?> run) {
        try {
            DelegatedJob.update(siteJobId, job -> job.build() == run.getNumber() ? job : job.withBuild(run.getNumber()));
        } catch (IOException e) {
            // The site then finds the build among the site job's newest builds.
            LOGGER.log(Level.WARNING, "cannot record that " + run + " renders delegated job " + siteJobId, e);
        }
    }

    /**
     * Why the job was canceled before its build started (the delegating controller asked, or its queue item was
     * removed by hand), or null: the build then stops at once instead of rendering it.
     */
    public String canceledBeforeStart() throws IOException {
        DelegatedJob job = DelegatedJob.load(siteJobId);
        return job == null ? null : job.cancelReason();
    }

    /** Where a delegated job's files are laid out before its build starts. */
    static File jobDir(String siteJobId) {
        return new File(jobsDir(), siteJobId);
    }

    static File jobsDir() {
        return new File(Jenkins.get().getRootDir(), "renderfarm-site/jobs");
    }

    public String getSiteJobId() {
        return siteJobId;
    }

    public String getName() {
        return name;
    }

    /** The scene's file name; it lies at the top of {@link #filesDir}. */
    public String getScene() {
        return scene.substring(scene.lastIndexOf('/') + 1);
    }

    /** The scene's path among the job's files, as submitted. */
    String scenePath() {
        return scene;
    }

    String profileJson() {
        return profileJson;
    }

    public String getFrames() {
        return frames;
    }

    public String getOutputPrefix() {
        return outputPrefix;
    }

    public JobProfile profile() {
        return ProfileReader.parse(profileJson);
    }

    /**
     * The folder holding the scene (the submitted files keep their places relative to it). The files are laid out
     * under {@link #jobDir} at submission, before the build exists; the first call from the build moves them into
     * the build's own folder, so they go when the build is deleted. Where that folder is on another file system,
     * they stay in {@link #jobDir}, which {@link SiteCleanup} removes with the build.
     */
    public File filesDir(Run<?, ?> run) throws IOException {
        String folder = scene.contains("/") ? scene.substring(0, scene.lastIndexOf('/')) : "";
        Path laidOut = new File(jobDir(siteJobId), "files").toPath();
        Path inRun = runFilesDir(run).toPath();
        if (!Files.exists(inRun) && Files.exists(laidOut)) {
            Files.createDirectories(inRun.getParent());
            try {
                Files.move(laidOut, inRun, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException elsewhere) {
                return new File(laidOut.toFile(), folder);
            }
        }
        return new File(inRun.toFile(), folder);
    }

    static File runFilesDir(Run<?, ?> run) {
        return new File(run.getRootDir(), "renderfarm/site-files");
    }

    String callbackUrl() {
        return callbackUrl;
    }

    String callbackSecret() {
        return callbackSecret == null ? null : callbackSecret.getPlainText();
    }

    static File eventFile(Run<?, ?> run) {
        return new File(run.getRootDir(), "renderfarm/site-events.jsonl");
    }

    /** The protocol's event stream of this job: engine events rewritten for the site and numbered. */
    public static JobEventSink siteLog(Run<?, ?> run, String siteJobId) throws IOException {
        SiteEventLog log = new SiteEventLog(eventFile(run).toPath());
        return event -> {
            JobEvent forSite = SiteEventLog.forSite(event, siteJobId);
            if (forSite != null) {
                try {
                    log.append(forSite);
                } catch (IOException e) {
                    // The render goes on; the delegating controller still gets every frame from the frame list.
                    LOGGER.log(Level.WARNING, "cannot record a site event of " + run, e);
                }
            }
        };
    }
}

package io.jenkins.plugins.renderfarm.site;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.model.AsyncPeriodicWork;
import hudson.model.Node;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.listeners.RunListener;
import io.jenkins.plugins.renderfarm.agents.CapabilityCache;
import io.jenkins.plugins.renderfarm.config.RenderFarmConfiguration;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.engine.site.bundle.BlobFolder;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.SystemProperties;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;

/**
 * Keeps JENKINS_HOME from growing with every render: what the plugin keeps outside a build's folder goes when it
 * is no longer needed. A build's delegated-job folder ({@code renderfarm-site/jobs/<id>}) goes with the build
 * ({@link DeletedRuns}); every hour ({@link Hourly}) uploaded job files unused for a day (system property
 * {@code <this class>.blobGraceHours}) and unfinished uploads past their expiry are collected, a job folder whose
 * build (as its {@link DelegatedJob} record names it) is gone, or which never got one for as long and is no longer
 * queued, is removed, and the capability records of nodes that no longer exist are forgotten.
 */
public final class SiteCleanup {
    private static final Logger LOGGER = Logger.getLogger(SiteCleanup.class.getName());
    static final Duration GRACE = Duration.ofHours(
            SystemProperties.getLong(SiteCleanup.class.getName() + ".blobGraceHours", 24L));

    private SiteCleanup() {
    }

    /** Removes the delegated-job folder of a build being deleted. */
    @Extension
    public static final class DeletedRuns extends RunListener<Run<?, ?>> {
        @Override
        public void onDeleted(Run<?, ?> run) {
            DelegatedJobAction delegated = run.getAction(DelegatedJobAction.class);
            if (delegated != null) {
                remove(DelegatedJobAction.jobDir(delegated.getSiteJobId()));
            }
        }
    }

    /** The hourly sweep; see the class comment. */
    @Extension
    public static final class Hourly extends AsyncPeriodicWork {
        public Hourly() {
            super("Render farm clean-up");
        }

        @Override
        public long getRecurrencePeriod() {
            return TimeUnit.HOURS.toMillis(1);
        }

        @Override
        protected void execute(TaskListener listener) throws IOException {
            sweep(listener);
        }
    }

    /** The sweep {@link Hourly} runs; callable at once for tests. */
    @Restricted(NoExternalUse.class)
    public static void sweep(TaskListener listener) throws IOException {
        BlobFolder.Collected blobs = !SiteAction.blobsDir().isDirectory() ? new BlobFolder.Collected(0, 0, 0)
                : ExtensionList.lookupSingleton(SiteAction.class).blobs()
                        .collectGarbage(GRACE, sha -> false); // every job took its own copy at submission
        int jobs = sweepJobFolders(DelegatedJobAction.jobsDir(), Clock.SYSTEM.instant().toEpochMilli());
        Set<String> nodes = new HashSet<>();
        for (Node node : Jenkins.get().getNodes()) {
            nodes.add(node.getNodeName());
        }
        int forgotten = CapabilityCache.get().retainOnly(nodes);
        listener.getLogger().printf("removed %d uploaded files and %d partial uploads (%d bytes), %d job folders, "
                + "%d capability records of deleted nodes%n", blobs.contents(), blobs.partials(), blobs.bytes(), jobs, forgotten);
    }

    /** Removes job folders whose build is gone, and those that never got a build and are no longer queued. */
    static int sweepJobFolders(File jobsDir, long nowMillis) throws IOException {
        File[] folders = jobsDir.listFiles(File::isDirectory);
        if (folders == null) {
            return 0;
        }
        String siteJobName = RenderFarmConfiguration.get().getSiteJob();
        WorkflowJob siteJob = siteJobName.isEmpty() ? null : Jenkins.get().getItemByFullName(siteJobName, WorkflowJob.class);
        Set<String> queued = queuedJobIds();
        int removed = 0;
        for (File folder : folders) {
            int number = buildOf(folder);
            boolean gone;
            if (number > 0) {
                gone = siteJob != null && siteJob.getBuildByNumber(number) == null;
            } else {
                gone = number == 0 && !queued.contains(folder.getName())
                        && nowMillis - folder.lastModified() > GRACE.toMillis();
            }
            if (gone) {
                remove(folder);
                removed++;
            }
        }
        return removed;
    }

    /**
     * The number of the build rendering the job of {@code folder}: from its record, or for a job accepted before
     * records from its {@code build} file; 0 while it has none, -1 when that cannot be read (the folder is kept).
     */
    private static int buildOf(File folder) {
        try {
            DelegatedJob record = DelegatedJob.load(folder.getName());
            if (record != null) {
                return record.build();
            }
            File legacy = new File(folder, "build");
            return legacy.isFile() ? Integer.parseInt(Files.readString(legacy.toPath(), StandardCharsets.UTF_8).trim()) : 0;
        } catch (IOException | NumberFormatException unreadable) {
            LOGGER.log(Level.WARNING, "cannot tell which build renders the delegated job in " + folder, unreadable);
            return -1;
        }
    }

    private static Set<String> queuedJobIds() {
        Set<String> ids = new HashSet<>();
        for (Queue.Item item : Queue.getInstance().getItems()) {
            DelegatedJobAction action = item.getAction(DelegatedJobAction.class);
            if (action != null) {
                ids.add(action.getSiteJobId());
            }
        }
        return ids;
    }

    private static void remove(File folder) {
        try {
            Util.deleteRecursive(folder);
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "cannot remove " + folder, e);
        }
    }
}

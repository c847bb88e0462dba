package io.jenkins.plugins.renderfarm.site;

import hudson.model.Computer;
import hudson.model.Label;
import hudson.model.Node;
import hudson.model.Result;
import io.jenkins.plugins.renderfarm.agents.CapabilityCache;
import io.jenkins.plugins.renderfarm.agents.ProbeRecord;
import io.jenkins.plugins.renderfarm.config.RemoteController;
import io.jenkins.plugins.renderfarm.config.RenderFarmConfiguration;
import io.jenkins.plugins.renderfarm.progress.RenderProgressAction;
import io.jenkins.plugins.renderfarm.progress.StoredEntry;
import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.CapabilityLabels;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.event.JobProgress;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.sample.SampleMaker;
import io.renderfarm.engine.site.api.Decision;
import io.renderfarm.engine.site.api.FrameList;
import io.renderfarm.engine.site.api.FrameView;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.SiteInfo;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import io.renderfarm.engine.site.api.SlotView;
import io.renderfarm.engine.site.api.Where;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;

/** The protocol's resources ({@link JobView}, {@link FrameList}, {@link SiteInfo}) made from Jenkins objects. */
final class SiteViews {
    private SiteViews() {
    }

    /**
     * The job resource, from what the site holds: the job's record, and its build once that started. A job whose
     * build has not started is QUEUED (CANCELED once canceled); after that, the render's own state or the build's.
     */
    static JobView job(SiteJobs.Found found) {
        DelegatedJob d = found.job();
        WorkflowRun run = found.run();
        RenderProgressAction render = run == null ? null : run.getAction(RenderProgressAction.class);
        JobProgress p = render == null ? new JobProgress() : render.getProgress();
        JobState state = run == null ? (d.cancelReason() != null ? JobState.CANCELED : JobState.QUEUED) : state(run, p, d);
        JobProfile profile = ProfileReader.parse(d.profileJson());
        FrameSet frames = FrameSet.parse(d.frames());
        String path = SiteProtocol.jobPath(d.id());
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", path);
        links.put("events", path + "/events");
        links.put("frames", path + "/frames");
        links.put("zip", path + "/frames.zip");
        links.put("samples", path + "/samples");
        links.put("cancel", path + "/cancel");
        links.put("contactSheet", path + "/samples/" + SampleMaker.CONTACT_SHEET_NAME);
        links.put("movie", path + "/samples/" + SampleMaker.MOVIE_NAME);
        String created = Instant.ofEpochMilli(run == null ? d.submittedMillis() : run.getStartTimeInMillis()).toString();
        String finished = run == null ? (state.isFinal() ? created : null)
                : run.isBuilding() ? null : Instant.ofEpochMilli(run.getStartTimeInMillis() + run.getDuration()).toString();
        String reason = !state.isFinal() || state == JobState.SUCCEEDED ? "" : reason(run, p, d);
        return JobView.builder()
                .id(d.id())
                .name(d.name())
                .state(state)
                .where(Where.LOCAL)
                .decision(new Decision(Where.LOCAL, "delegated jobs render on this controller's agents", null))
                .scene(d.sceneName())
                .frames(d.frames())
                .total(frames.size())
                .done(p.getDone())
                .failed(state == JobState.FAILED && run != null ? failed(run, frames) : "")
                .renderer(profile.renderer())
                .reason(reason)
                .createdAt(created)
                .finishedAt(finished)
                .runs(run == null ? 0 : 1)
                .profile(ProfileReader.toJson(profile))
                .output(OutputNaming.withPrefix(d.outputPrefix()))
                .links(links)
                .build();
    }

    /**
     * The render's own outcome while it has one; else the build's. A build canceled before it rendered (its
     * render stopped it at once) is CANCELED, whatever result that gave the build.
     */
    private static JobState state(WorkflowRun run, JobProgress p, DelegatedJob d) {
        for (JobState s : JobState.values()) {
            if (s.isFinal() && s.name().equals(p.getState())) {
                return s;
            }
        }
        if (run.isBuilding()) {
            return "AWAITING_APPROVAL".equals(p.getState()) ? JobState.AWAITING_APPROVAL
                    : "QUEUED".equals(p.getState()) ? JobState.QUEUED : JobState.RUNNING;
        }
        Result result = run.getResult();
        return result == Result.SUCCESS ? JobState.SUCCEEDED
                : result == Result.ABORTED || d.cancelReason() != null ? JobState.CANCELED : JobState.FAILED;
    }

    /** Why a job ended without success: the render's reason, else the cancel's, else the build's result. */
    private static String reason(WorkflowRun run, JobProgress p, DelegatedJob d) {
        Object r = run == null ? null : p.snapshot().get("reason");
        if (r != null && !r.toString().isEmpty()) {
            return r.toString();
        }
        if (d.cancelReason() != null) {
            return d.cancelReason();
        }
        return run == null ? "" : "build " + run.getResult();
    }

    private static String failed(WorkflowRun run, FrameSet frames) {
        Map<Integer, StoredEntry> stored = stored(run);
        List<Integer> missing = new ArrayList<>();
        for (int f : frames) {
            if (!stored.containsKey(f)) {
                missing.add(f);
            }
        }
        return FrameSet.of(missing).toString();
    }

    private static Map<Integer, StoredEntry> stored(WorkflowRun run) {
        RenderProgressAction render = run.getAction(RenderProgressAction.class);
        return render == null ? Map.of() : render.storedFrames();
    }

    static FrameList frames(SiteJobs.Found found) {
        DelegatedJob d = found.job();
        Map<Integer, StoredEntry> stored = found.run() == null ? Map.of() : stored(found.run());
        List<FrameView> views = new ArrayList<>();
        for (int f : FrameSet.parse(d.frames())) {
            StoredEntry e = stored.get(f);
            views.add(e == null ? new FrameView(f, "pending", null, null, null, null)
                    : new FrameView(f, "done", e.getPath().substring(e.getPath().lastIndexOf('/') + 1), e.getSha256(),
                    e.getBytes(), SiteProtocol.jobPath(d.id()) + "/frames/" + f, e.getWidth(), e.getHeight()));
        }
        return new FrameList(views);
    }

    /** How many of these delegated jobs are in each state, every state listed, as a standalone site reports. */
    static Map<String, Integer> counts(List<SiteJobs.Found> jobs) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (JobState s : JobState.values()) {
            counts.put(s.name(), 0);
        }
        for (SiteJobs.Found found : jobs) {
            counts.merge(job(found).state().name(), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * This controller as a site: the executors of the site job's agents as slots, and the best capabilities among
     * those agents (a site reports one set; the site job's build checks each agent against the profile).
     *
     * @param inventory whether to name the agents and list the remote controllers (for callers with
     *                  Overall/SystemRead); otherwise slots are only numbered and no remote is listed
     */
    static SiteInfo site(String labelExpression, Map<String, Integer> jobs, Map<String, Long> storage, boolean inventory) {
        Label label = labelExpression == null ? null : Jenkins.get().getLabel(labelExpression);
        List<SlotView> slots = new ArrayList<>();
        Map<String, String> renderers = new TreeMap<>();
        int cores = 0;
        long ram = 0;
        boolean gpu = false;
        for (Node node : label == null ? List.<Node>of() : new ArrayList<>(label.getNodes())) {
            Computer c = node.toComputer();
            int idle = c != null && c.isOnline() && c.isAcceptingTasks() ? c.countIdle() : 0;
            for (int i = 0; i < node.getNumExecutors(); i++) {
                SlotStatus status = c == null || c.isOffline() ? SlotStatus.OFFLINE : i < idle ? SlotStatus.IDLE : SlotStatus.BUSY;
                slots.add(inventory ? new SlotView(node.getNodeName() + "#" + i, node.getNodeName(), status, null, null, null)
                        : new SlotView("slot-" + (slots.size() + 1), null, status, null, null, null));
            }
            Capabilities caps = CapabilityCache.get().record(node.getNodeName()).map(ProbeRecord::toCapabilities).orElse(null);
            if (caps != null) {
                caps.renderers().forEach(renderers::putIfAbsent);
                cores = Math.max(cores, caps.cores());
                ram = Math.max(ram, caps.ramMb());
                gpu |= caps.gpu();
            }
        }
        Capabilities best = new Capabilities(renderers, cores, ram, gpu);
        List<String> remotes = inventory
                ? RenderFarmConfiguration.get().getRemoteControllers().stream().map(RemoteController::getUrl).toList()
                : List.of();
        String root = Jenkins.get().getRootUrl();
        return new SiteInfo(root == null ? "jenkins" : root, Jenkins.VERSION, SiteProtocol.VERSION, "jenkins", best,
                List.copyOf(CapabilityLabels.labels(best)), slots, jobs, storage, remotes);
    }
}

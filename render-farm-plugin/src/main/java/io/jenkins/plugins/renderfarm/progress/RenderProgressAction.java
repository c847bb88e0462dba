package io.jenkins.plugins.renderfarm.progress;

import hudson.model.Item;
import hudson.model.Run;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.event.JobProgress;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.engine.schedule.SaveThrottle;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import jenkins.util.SystemProperties;
import jenkins.util.Timer;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.verb.GET;

/**
 * One {@code renderFrames} call on a build: its progress, samples, where it rendered and the manifest of archived
 * frames, saved with the build. The manifest is what lets a resumed render skip frames already archived; the
 * remote job id is what lets a resumed delegated render re-attach to the remote controller instead of sending the
 * job again. The page polls
 * {@code progress}, a JSON endpoint that checks {@link Item#READ} on the build itself, like every view of it.
 */
public final class RenderProgressAction implements RunAction2 {
    private static final Logger LOGGER = Logger.getLogger(RenderProgressAction.class.getName());
    /** How often at most a render saves its build while it runs. */
    static final Duration SAVE_INTERVAL = Duration.ofSeconds(
            SystemProperties.getLong(RenderProgressAction.class.getName() + ".saveIntervalSeconds", 10L));

    private final int index;
    private final String scene;
    private final String profile;
    private final String artifactDir;
    /** Not final, like every field read from build.xml: one written before it existed reads as null ({@link #readResolve}). */
    private Map<Integer, StoredEntry> stored = new ConcurrentHashMap<>();
    private JobProgress progress = new JobProgress();
    /** When the render was sent to a remote controller: its name, the remote job id and the last event relayed. */
    private volatile String remoteName;
    private volatile String remoteJobId;
    private volatile long remoteEventId;
    private transient Run<?, ?> run;
    private transient SaveThrottle saves;

    private RenderProgressAction(int index, String scene, String profile, String artifactDir) {
        this.index = index;
        this.scene = scene;
        this.profile = profile;
        this.artifactDir = artifactDir;
    }

    /**
     * Adds a new action to the build, numbered after those of earlier renderFrames calls in the same build, and
     * saves the build at once: a render resumed after a restart finds itself by this action, even when the restart
     * came before its first event.
     */
    public static RenderProgressAction create(Run<?, ?> run, String scene, String profile, String artifactDir) {
        RenderProgressAction action;
        synchronized (RenderProgressAction.class) {
            action = new RenderProgressAction(run.getActions(RenderProgressAction.class).size() + 1, scene, profile, artifactDir);
            run.addAction(action);
        }
        action.saveNow();
        return action;
    }

    /** Fields added after the first release are null in a build.xml written before them. */
    private Object readResolve() {
        if (stored == null) {
            stored = new ConcurrentHashMap<>();
        }
        if (progress == null) {
            progress = new JobProgress();
        }
        return this;
    }

    /** The action of the {@code index}th render of a build, or null. */
    public static RenderProgressAction find(Run<?, ?> run, int index) {
        return run.getActions(RenderProgressAction.class).stream().filter(a -> a.index == index).findFirst().orElse(null);
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        run = r;
    }

    @Override
    public String getIconFileName() {
        return "symbol-cube";
    }

    @Override
    public String getDisplayName() {
        return "Render " + scene;
    }

    @Override
    public String getUrlName() {
        return "render-" + index;
    }

    public int getIndex() {
        return index;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    public String getScene() {
        return scene;
    }

    public String getProfile() {
        return profile;
    }

    public String getArtifactDir() {
        return artifactDir;
    }

    /** The page's state, folded from the render's events by the engine. */
    public JobProgress getProgress() {
        return progress;
    }

    public String getRemoteName() {
        return remoteName;
    }

    public String getRemoteJobId() {
        return remoteJobId;
    }

    public long getRemoteEventId() {
        return remoteEventId;
    }

    /** Records that the render was sent to a remote controller; saved at once, as a resumed build re-attaches by it. */
    public void remoteSubmitted(String name, String jobId) {
        remoteName = name;
        remoteJobId = jobId;
        saveNow();
    }

    /** Records the last remote event shown here; saved with the next debounced save. */
    public void remoteRelayed(long eventId) {
        remoteEventId = Math.max(remoteEventId, eventId);
        requestSave();
    }

    /** Frames archived so far by frame number, as recorded when each was stored. */
    public Map<Integer, StoredEntry> storedFrames() {
        return Map.copyOf(stored);
    }

    /**
     * Records an archived frame; the build is saved with the next batched save ({@link #requestSave()}). This record
     * is what a render resumed after a crash trusts: a frame archived in the last {@link #SAVE_INTERVAL} before a
     * crash is only rendered again, while saving the whole build for each frame would cost quadratic I/O on a long
     * shot. The end of the render and a controller shutdown save at once.
     */
    public void recordStored(int frame, StoredEntry entry) {
        stored.put(frame, entry);
        requestSave();
    }

    public void apply(JobEvent event) {
        progress.apply(event);
    }

    /**
     * Saves the build soon, at most once per {@link #SAVE_INTERVAL} for any number of requests (frames arrive in
     * bursts); on a timer thread, never the caller's.
     */
    public void requestSave() {
        long wait = saves().changed();
        if (wait >= 0) {
            Timer.get().schedule(this::saveNow, wait, TimeUnit.NANOSECONDS);
        }
    }

    private synchronized SaveThrottle saves() {
        if (saves == null) {
            saves = new SaveThrottle(Clock.SYSTEM, SAVE_INTERVAL);
        }
        return saves;
    }

    public void saveNow() {
        saves().saving();
        Run<?, ?> r = run;
        if (r == null) {
            return;
        }
        try {
            r.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "cannot save render progress of " + r, e);
        }
    }

    @GET
    public HttpResponse doProgress() {
        run.checkPermission(Item.READ);
        return hudson.util.HttpResponses.okJSON(JSONObject.fromObject(progress.snapshot()));
    }
}

package io.renderfarm.engine.site;

import io.renderfarm.engine.event.EventType;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.event.JobEventSink;
import io.renderfarm.engine.store.FrameStore;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.engine.verify.InvalidFrameException;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Follows a job on a site to its end and brings its output here: every sample and frame named by the job's
 * events is downloaded into a local {@link FrameStore}, each frame verified (decodes, SHA-256 equal to the
 * site's) before it is stored. The events are passed on to a sink with {@code path} pointing at the local copy,
 * so a consumer sees the same events as for a local render. A broken connection (a site restart) is resumed from
 * the last event id; after {@code job-finished} any frame still missing here is fetched from the frame list.
 */
public final class SiteJobFollower {
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(3);

    private final SiteClient client;
    private final FrameStore store;
    private final Path scratch;
    private final JobEventSink sink;
    private final Map<Integer, String> local = new LinkedHashMap<>();
    private final Set<Integer> refused = new TreeSet<>();
    private JobEvent finished;

    /** How a followed job ended here: the site's final view and the frames this side holds verified. */
    public record Outcome(JobView job, int framesVerified, List<Integer> framesMissing) {
        public boolean complete() {
            return job.state() == io.renderfarm.engine.job.JobState.SUCCEEDED && framesMissing.isEmpty();
        }
    }

    /** @param scratch a folder on the store's file system for downloads in progress */
    public SiteJobFollower(SiteClient client, FrameStore store, Path scratch, JobEventSink sink) throws IOException {
        this.client = client;
        this.store = store;
        this.scratch = Files.createDirectories(scratch);
        this.sink = sink;
        store.verifiedFrames().forEach((frame, stored) -> local.put(frame, stored.sha256()));
    }

    /** Blocks until the job is final on the site and its frames are here (or known missing). */
    public Outcome follow(String jobId) throws IOException, InterruptedException {
        long lastId = 0;
        long lastContact = System.nanoTime();
        while (finished == null) {
            try {
                lastId = client.events(jobId, lastId, this::onEvent);
                lastContact = System.nanoTime();
            } catch (SiteException e) {
                if (e.status() != 0 || System.nanoTime() - lastContact > GIVE_UP_AFTER.toNanos()) {
                    throw e;
                }
            }
            if (finished == null) {
                Thread.sleep(500); // the site went away (restart) or closed the stream early: resume shortly
            }
        }
        List<Integer> missing = fetchMissingFrames(jobId);
        JobView view = client.job(jobId);
        sink.accept(finished);
        return new Outcome(view, local.size() - refused.size(), missing);
    }

    private boolean onEvent(SiteEvent siteEvent) {
        JobEvent e = siteEvent.event();
        String type = e.type();
        if (EventType.JOB_FINISHED.wireName().equals(type)) {
            finished = e;
            return false;
        }
        try {
            if (EventType.SAMPLE.wireName().equals(type)) {
                String path = saveSample(e);
                if (path != null) {
                    sink.accept(withPath(e, path));
                }
                return true;
            }
            if (EventType.FRAME_DONE.wireName().equals(type)) {
                String path = saveFrame(e.intValue("frame"), e.string("file"), e.string("sha256"), e.string("path"));
                sink.accept(path == null ? e : withPath(e, path));
                return true;
            }
        } catch (IOException | RuntimeException e1) {
            // A sample or frame that cannot be fetched now is fetched again after the end, or reported missing.
            return true;
        }
        sink.accept(e);
        return true;
    }

    private String saveSample(JobEvent e) throws IOException {
        String url = e.string("path");
        String name = e.string("name") != null ? e.string("name") : url.substring(url.lastIndexOf('/') + 1);
        BundlePaths.check(name);
        if (name.contains("/")) {
            throw new IOException("sample name '" + name + "' is not a plain file name");
        }
        Path tmp = Files.createTempFile(scratch, "sample-", ".png");
        try {
            client.download(url, tmp);
            return store.putSample(name, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Downloads, verifies and stores one frame unless a verified copy with the same SHA-256 is already here. */
    private String saveFrame(int frame, String file, String sha256, String url) throws IOException {
        if (sha256 != null && sha256.equals(local.get(frame))) {
            return null;
        }
        if (file == null || url == null || !SiteProtocol.isSha256(sha256)) {
            throw new IOException("frame " + frame + " has no file, url or checksum in its event");
        }
        Path tmp = Files.createTempFile(scratch, "frame-", ".png");
        try {
            for (int attempt = 1; ; attempt++) {
                client.download(url, tmp);
                try {
                    VerifiedFrame verified = new FrameVerifier().verify(tmp);
                    if (!verified.sha256().equals(sha256)) {
                        throw new InvalidFrameException("frame " + frame + " arrived with SHA-256 " + verified.sha256()
                                + ", the site stored " + sha256);
                    }
                    StoredFrame stored = store.putFrame(frame, file, tmp, verified);
                    local.put(frame, sha256);
                    refused.remove(frame);
                    return stored.location();
                } catch (InvalidFrameException bad) {
                    if (attempt >= 2) {
                        refused.add(frame);
                        throw new IOException(bad.getMessage());
                    }
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private List<Integer> fetchMissingFrames(String jobId) throws IOException {
        List<Integer> missing = new ArrayList<>();
        for (FrameView f : client.frames(jobId).frames()) {
            if (!f.done() || f.sha256().equals(local.get(f.frame()))) {
                continue;
            }
            try {
                String path = saveFrame(f.frame(), f.file(), f.sha256(), f.url());
                if (path != null) {
                    sink.accept(JobEvent.fromMap(Map.of("type", EventType.FRAME_DONE.wireName(), "t", finished.t(),
                            "job", jobId, "frame", f.frame(), "path", path, "sha256", f.sha256())));
                }
            } catch (IOException e) {
                missing.add(f.frame());
            }
        }
        return missing;
    }

    private static JobEvent withPath(JobEvent e, String path) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", e.type());
        fields.put("t", e.t());
        fields.put("job", e.job());
        fields.putAll(e.data());
        fields.put("path", path);
        return JobEvent.fromMap(fields);
    }
}

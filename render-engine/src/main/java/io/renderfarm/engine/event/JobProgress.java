package io.renderfarm.engine.event;

import io.renderfarm.engine.frames.FrameSet;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The state of one job as a progress page shows it, folded from the job's {@link JobEvent}s: per-frame status,
 * running chunks, per-frame percentages, the estimated seconds left, samples, notes (retries, blocklisted slots),
 * the chunk attempts with their logs, where the job was sent and why, and the outcome. Hosts persist it (the Jenkins plugin keeps it in build.xml), so only frames that are not
 * pending are kept and thumbnails and notes are capped. A plain serialisable class, not a record, because hosts
 * persist it with XStream or Java serialisation. Thread-safe.
 */
public final class JobProgress implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int MAX_THUMBNAILS = 48;
    private static final int MAX_NOTES = 20;
    /** Attempts whose logs are listed; a failed one is never dropped for one that ended well. */
    private static final int MAX_LOGS = 500;

    private final Map<Integer, String> frames = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> percent = new ConcurrentHashMap<>();
    private final Map<Integer, String> chunks = new ConcurrentHashMap<>();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final List<ChunkLogEntry> logs = new CopyOnWriteArrayList<>();
    private String frameSpec = "";
    private String state = "QUEUED";
    private String reason = "";
    private String where = "";
    private String whereReason = "";
    private String site = "";
    private int total;
    private int done;
    private int skipped;
    private long seq;
    /** Seconds left as the last progress event estimated; null when unknown (before a frame was measured, at the end). */
    private Long eta;

    /**
     * A sample: a preview render, a finished frame's thumbnail, the contact sheet or the preview movie, by where it
     * is stored.
     */
    public static final class Sample implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String kind;
        private final int frame;
        private final String path;
        private final long seq;

        public Sample(String kind, int frame, String path, long seq) {
            this.kind = kind;
            this.frame = frame;
            this.path = path;
            this.seq = seq;
        }

        public String getKind() {
            return kind;
        }

        public int getFrame() {
            return frame;
        }

        public String getPath() {
            return path;
        }

        /** Changes whenever the image at {@link #getPath()} is replaced, so pages can bust caches. */
        public long getSeq() {
            return seq;
        }
    }

    /** One chunk attempt and where its log is kept (an artifact path, a site URL, a file), as a page links it. */
    public static final class ChunkLogEntry implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int chunk;
        private final int attempt;
        private final String frames;
        private final String slot;
        private final String state;
        private final String reason;
        private final String path;

        public ChunkLogEntry(
                int chunk, int attempt, String frames, String slot, String state, String reason, String path) {
            this.chunk = chunk;
            this.attempt = attempt;
            this.frames = frames;
            this.slot = slot;
            this.state = state;
            this.reason = reason;
            this.path = path;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("chunk", chunk);
            m.put("attempt", attempt);
            m.put("frames", frames);
            m.put("slot", slot);
            m.put("state", state);
            m.put("reason", reason == null ? "" : reason);
            m.put("path", path == null ? "" : path);
            return m;
        }

        boolean failed() {
            return "failed".equals(state);
        }
    }

    /**
     * A progress saved before some of its fields existed (a build.xml of an older plugin read by XStream, an older
     * serial form) comes back with those fields null, since neither calls a constructor: this gives them a new
     * progress's defaults and keeps everything that was saved.
     */
    private synchronized Object readResolve() {
        if (frames != null
                && percent != null
                && chunks != null
                && samples != null
                && notes != null
                && frameSpec != null
                && state != null
                && reason != null
                && where != null
                && whereReason != null
                && site != null
                && logs != null) {
            return this;
        }
        JobProgress p = new JobProgress();
        synchronized (p) { // its fields are guarded by its own lock, like every progress's
            p.frames.putAll(frames == null ? Map.of() : frames);
            p.percent.putAll(percent == null ? Map.of() : percent);
            p.chunks.putAll(chunks == null ? Map.of() : chunks);
            p.samples.addAll(samples == null ? List.of() : samples);
            p.notes.addAll(notes == null ? List.of() : notes);
            p.logs.addAll(logs == null ? List.of() : logs);
            p.frameSpec = frameSpec == null ? p.frameSpec : frameSpec;
            p.state = state == null ? p.state : state;
            p.reason = reason == null ? p.reason : reason;
            p.where = where == null ? p.where : where;
            p.whereReason = whereReason == null ? p.whereReason : whereReason;
            p.site = site == null ? p.site : site;
            p.total = total;
            p.done = done;
            p.skipped = skipped;
            p.seq = seq;
        }
        return p;
    }

    public synchronized void apply(JobEvent e) {
        seq++;
        if (e instanceof JobEvent.JobStarted s) {
            frameSpec = s.frames();
            total = s.total();
            state = "RUNNING";
        } else if (e instanceof JobEvent.Decision d) {
            where = d.where();
            whereReason = d.reason();
            site = d.site() == null ? "" : d.site();
        } else if (e instanceof JobEvent.ChunkStarted c) {
            chunks.put(c.chunk(), c.slot() + ": frames " + c.frames() + ", " + c.pass() + ", attempt " + c.attempt());
            if ("final".equals(c.pass())) {
                mark(c.frames(), "rendering");
            }
        } else if (e instanceof JobEvent.Progress p) {
            percent.put(p.frame(), (int) Math.round(p.fraction() * 100));
            if (p.eta() != null) {
                eta = p.eta();
            }
        } else if (e instanceof JobEvent.ChunkFinished c) {
            chunks.remove(c.chunk());
        } else if (e instanceof JobEvent.ChunkFailed c) {
            chunks.remove(c.chunk());
            note("chunk " + c.chunk() + " failed on " + c.slot() + ": " + c.reason());
            mark(c.frames(), c.willRetry() ? null : "failed");
        } else if (e instanceof JobEvent.ChunkLog l) {
            addLog(l);
        } else if (e instanceof JobEvent.SlotBlocklisted b) {
            note(b.slot() + " is no longer used for this job: " + b.reason());
        } else if (e instanceof JobEvent.Sample s) {
            addSample(s.kind(), s.frame(), s.path());
        } else if (e instanceof JobEvent.FrameDone f) {
            frameDone(f);
        } else if (e instanceof JobEvent.AwaitingApproval) {
            state = "AWAITING_APPROVAL";
        } else if (e instanceof JobEvent.Canceled c) {
            reason = c.reason();
        } else if (e instanceof JobEvent.JobFinished f) {
            finished(f);
        }
        // a stall is shown by the host; a newer engine's event is ignored rather than failing a page
    }

    private void addLog(JobEvent.ChunkLog l) {
        logs.add(new ChunkLogEntry(l.chunk(), l.attempt(), l.frames(), l.slot(), l.state(), l.reason(), l.path()));
        if (logs.size() > MAX_LOGS) {
            ChunkLogEntry drop =
                    logs.stream().filter(entry -> !entry.failed()).findFirst().orElse(logs.get(0));
            logs.remove(drop);
        }
    }

    private void frameDone(JobEvent.FrameDone f) {
        frames.put(f.frame(), "done");
        percent.remove(f.frame());
        if (f.done() != null) {
            done = f.done();
        } else {
            done++; // a producer that does not count frames
        }
        if (f.skipped()) {
            skipped++;
        }
    }

    private void finished(JobEvent.JobFinished f) {
        state = f.state();
        reason = f.reason() == null ? "" : f.reason();
        done = Math.max(done, f.done());
        chunks.clear();
        percent.clear();
        eta = null;
        mark(f.failed(), "failed");
    }

    /** After a host restart: nothing runs any more, frames being rendered are pending again. */
    public synchronized void resumed() {
        chunks.clear();
        percent.clear();
        frames.values().removeIf("rendering"::equals);
        state = "RESUMING";
        eta = null;
        done = 0;
        skipped = 0;
        note("the controller restarted; frames already stored are kept");
    }

    /** Adds a line to the notes a person reads on the page (a routing note, a warning). */
    public synchronized void note(String line) {
        notes.add(line);
        while (notes.size() > MAX_NOTES) {
            notes.remove(0);
        }
    }

    private void mark(String spec, String status) {
        if (spec == null || spec.isBlank()) {
            return;
        }
        for (int frame : FrameSet.parse(spec)) {
            if (status == null) {
                frames.remove(frame);
            } else if (!"done".equals(frames.get(frame))) {
                frames.put(frame, status);
            }
            percent.remove(frame);
        }
    }

    private void addSample(String kind, int frame, String path) {
        samples.removeIf(s -> s.getPath().equals(path));
        samples.add(new Sample(kind, frame, path, seq));
        List<Sample> thumbs =
                samples.stream().filter(s -> "thumbnail".equals(s.getKind())).toList();
        for (int i = 0; i < thumbs.size() - MAX_THUMBNAILS; i++) {
            samples.remove(thumbs.get(i));
        }
    }

    public synchronized String getState() {
        return state;
    }

    public synchronized int getDone() {
        return done;
    }

    public synchronized int getTotal() {
        return total;
    }

    /** Seconds until the frames are done as last estimated, or null when unknown. */
    public synchronized Long getEta() {
        return eta;
    }

    /** {@code local} or {@code remote} once the job's route was decided, empty before. */
    public synchronized String getWhere() {
        return where;
    }

    public synchronized String getWhereReason() {
        return whereReason;
    }

    /** The remote site's URL when the job was sent there, else empty. */
    public synchronized String getSite() {
        return site;
    }

    public List<Sample> getSamples() {
        return List.copyOf(samples);
    }

    /** Everything a page shows, as plain maps, lists, strings and numbers (for a JSON endpoint). */
    public synchronized Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", state);
        out.put("reason", reason);
        out.put("frames", frameSpec);
        out.put("total", total);
        out.put("done", done);
        out.put("skipped", skipped);
        out.put("seq", seq);
        out.put("where", where);
        out.put("whereReason", whereReason);
        out.put("site", site);
        if (eta != null) {
            out.put("eta", eta);
        }
        Map<String, String> status = new TreeMap<>();
        frames.forEach((f, s) -> status.put(Integer.toString(f), s));
        out.put("status", status);
        Map<String, Integer> pct = new TreeMap<>();
        percent.forEach((f, p) -> pct.put(Integer.toString(f), p));
        out.put("percent", pct);
        out.put("chunks", new ArrayList<>(new TreeMap<>(chunks).values()));
        List<Map<String, Object>> sampleList = new ArrayList<>();
        for (Sample s : samples) {
            sampleList.add(Map.of("kind", s.getKind(), "frame", s.getFrame(), "path", s.getPath(), "seq", s.getSeq()));
        }
        out.put("samples", sampleList);
        out.put("notes", List.copyOf(notes));
        out.put("logs", logs.stream().map(ChunkLogEntry::toMap).toList());
        return out;
    }
}

package io.jenkins.plugins.renderfarm.progress;

import io.renderfarm.engine.event.JobEvent;
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
 * The state of one render as the build page shows it, folded from the engine's events: per-frame status, running
 * chunks, samples, blocklisted agents, outcome. Needs nothing from Jenkins and is meant to move into the engine
 * (a {@code JobProgress} the site's UI could share); it lives here until the engine has it. Only frames that are
 * not pending are kept, so a long job does not bloat build.xml. Thread-safe.
 */
public final class ProgressLedger implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int MAX_THUMBNAILS = 48;
    private static final int MAX_NOTES = 20;

    private final Map<Integer, String> frames = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> percent = new ConcurrentHashMap<>();
    private final Map<Integer, String> chunks = new ConcurrentHashMap<>();
    private final List<SampleEntry> samples = new CopyOnWriteArrayList<>();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private String frameSpec = "";
    private String state = "QUEUED";
    private String reason = "";
    private int total;
    private int done;
    private int skipped;
    private long seq;

    public synchronized void apply(JobEvent e) {
        seq++;
        switch (e.eventType()) {
            case JOB_STARTED -> {
                frameSpec = e.string("frames");
                total = e.intValue("total");
                state = "RUNNING";
            }
            case CHUNK_STARTED -> {
                chunks.put(e.intValue("chunk"), e.string("slot") + ": frames " + e.string("frames") + ", "
                        + e.string("pass") + ", attempt " + e.intValue("attempt"));
                if ("final".equals(e.string("pass"))) {
                    mark(e.string("frames"), "rendering");
                }
            }
            case PROGRESS -> percent.put(e.intValue("frame"), (int) Math.round(((Number) e.get("fraction")).doubleValue() * 100));
            case CHUNK_FINISHED -> chunks.remove(e.intValue("chunk"));
            case CHUNK_FAILED -> {
                chunks.remove(e.intValue("chunk"));
                note("chunk " + e.intValue("chunk") + " failed on " + e.string("slot") + ": " + e.string("reason"));
                mark(e.string("frames"), Boolean.TRUE.equals(e.get("willRetry")) ? null : "failed");
            }
            case SLOT_BLOCKLISTED -> note(e.string("slot") + " is no longer used for this render: " + e.string("reason"));
            case SAMPLE -> addSample(e.string("kind"), e.intValue("frame"), e.string("path"));
            case FRAME_DONE -> {
                int frame = e.intValue("frame");
                frames.put(frame, "done");
                percent.remove(frame);
                done = e.intValue("done");
                if (Boolean.TRUE.equals(e.get("skipped"))) {
                    skipped++;
                }
            }
            case AWAITING_APPROVAL -> state = "AWAITING_APPROVAL";
            case CANCELED -> reason = e.string("reason");
            case JOB_FINISHED -> {
                state = e.string("state");
                reason = e.string("reason");
                done = e.intValue("done");
                chunks.clear();
                percent.clear();
                mark(e.string("failed"), "failed");
            }
            default -> {
                // DECISION concerns remote sites, which the Jenkins plugin does not use.
            }
        }
    }

    /** After a controller restart: nothing runs any more, frames being rendered are pending again. */
    public synchronized void resumed() {
        chunks.clear();
        percent.clear();
        frames.values().removeIf("rendering"::equals);
        state = "RESUMING";
        done = 0;
        skipped = 0;
        note("the controller restarted; frames already archived are kept");
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
        samples.add(new SampleEntry(kind, frame, path, seq));
        List<SampleEntry> thumbs = samples.stream().filter(s -> "thumbnail".equals(s.getKind())).toList();
        for (int i = 0; i < thumbs.size() - MAX_THUMBNAILS; i++) {
            samples.remove(thumbs.get(i));
        }
    }

    private void note(String line) {
        notes.add(line);
        while (notes.size() > MAX_NOTES) {
            notes.remove(0);
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

    public List<SampleEntry> getSamples() {
        return List.copyOf(samples);
    }

    /** Everything the page shows, as plain maps, lists, strings and numbers (for a JSON endpoint). */
    public synchronized Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", state);
        out.put("reason", reason);
        out.put("frames", frameSpec);
        out.put("total", total);
        out.put("done", done);
        out.put("skipped", skipped);
        out.put("seq", seq);
        Map<String, String> status = new TreeMap<>();
        frames.forEach((f, s) -> status.put(Integer.toString(f), s));
        out.put("status", status);
        Map<String, Integer> pct = new TreeMap<>();
        percent.forEach((f, p) -> pct.put(Integer.toString(f), p));
        out.put("percent", pct);
        out.put("chunks", new ArrayList<>(new TreeMap<>(chunks).values()));
        List<Map<String, Object>> sampleList = new ArrayList<>();
        for (SampleEntry s : samples) {
            sampleList.add(Map.of("kind", s.getKind(), "frame", s.getFrame(), "path", s.getPath(), "seq", s.getSeq()));
        }
        out.put("samples", sampleList);
        out.put("notes", List.copyOf(notes));
        return out;
    }
}

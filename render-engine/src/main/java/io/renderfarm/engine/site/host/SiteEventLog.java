package io.renderfarm.engine.site.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.renderfarm.engine.event.EventJson;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.site.protocol.SiteEvent;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job's events as a site serves them ({@code GET /api/jobs/{id}/events}), for a host without a database (the
 * Jenkins plugin keeps one file per delegated build): an append-only file of JSON lines, each event numbered from 1
 * in the order it happened, so a client resumes after the last id it saw. {@link #forSite} rewrites the engine's
 * events the way the protocol describes (site job id, sample and frame URLs on the site). Progress ticks are live
 * only in the protocol and are not kept here. Thread-safe. An event stream follows the file with a {@link Tail},
 * which reads only what was appended since it last looked.
 */
public final class SiteEventLog {
    private static final ObjectMapper JSON = SiteJson.lenient();
    private final Path file;
    private long lastId;
    private boolean finished;

    /** Opens (or creates) the log, continuing the numbering of the events already in it. */
    public SiteEventLog(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(Objects.requireNonNull(file.toAbsolutePath().getParent(), "the log's folder"));
        for (SiteEvent e : read(0)) {
            lastId = e.id();
            finished |= e.event() instanceof JobEvent.JobFinished;
        }
    }

    /**
     * An engine event as the site protocol streams it, or null for events the log does not keep (progress).
     * {@code sample} gains {@code name} and the sample's URL, {@code frame-done} gains {@code file} and the frame's
     * URL, both as paths on the site.
     */
    public static JobEvent forSite(JobEvent e, String siteJobId) {
        if (e instanceof JobEvent.Progress) {
            return null;
        }
        if (e instanceof JobEvent.Sample s && s.path() != null) {
            String name = s.path().substring(s.path().lastIndexOf('/') + 1);
            return s.at(SiteProtocol.jobPath(siteJobId) + "/samples/" + name, name)
                    .withJob(siteJobId);
        }
        if (e instanceof JobEvent.FrameDone f && f.path() != null) {
            String file = f.path().substring(f.path().lastIndexOf('/') + 1);
            return f.at(SiteProtocol.jobPath(siteJobId) + "/frames/" + f.frame(), file, f.bytes())
                    .withJob(siteJobId);
        }
        return e.withJob(siteJobId);
    }

    /** Appends an event (already in its site form) and returns it with its id. */
    public synchronized SiteEvent append(JobEvent event) throws IOException {
        SiteEvent numbered = new SiteEvent(lastId + 1, event);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", numbered.id());
        line.put("event", event);
        try (Writer out = Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write(JSON.writeValueAsString(line));
            out.write('\n');
        }
        lastId = numbered.id();
        finished |= event instanceof JobEvent.JobFinished;
        return numbered;
    }

    /** Whether {@code job-finished} is in the log: a stream that has sent everything may end. */
    public synchronized boolean finished() {
        return finished;
    }

    public synchronized long lastId() {
        return lastId;
    }

    /** The events after {@code afterId}, in order. A line cut short by a crash ends the list. */
    @SuppressWarnings("unchecked")
    public synchronized List<SiteEvent> read(long afterId) throws IOException {
        List<SiteEvent> events = new ArrayList<>();
        if (!Files.exists(file)) {
            return events;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                Map<String, Object> row;
                try {
                    row = JSON.readValue(line, Map.class);
                } catch (IOException torn) {
                    break;
                }
                long id = ((Number) row.get("id")).longValue();
                if (id > afterId) {
                    events.add(new SiteEvent(id, EventJson.fromFields((Map<String, Object>) row.get("event"))));
                }
            }
        }
        return events;
    }

    /** Follows the log in {@code file} from after event {@code afterId}; the file need not exist yet. */
    public static Tail tail(Path file, long afterId) {
        return new Tail(file, afterId);
    }

    /**
     * A reader of a log that another instance appends to, for one event stream: each {@link #next()} reads only the
     * bytes appended since the last one (it remembers the file offset), and only whole lines, so a line being
     * written is read complete next time. Not thread-safe.
     */
    public static final class Tail {
        private static final int CHUNK = 64 * 1024;
        private final Path file;
        private long afterId;
        private long offset;
        private boolean finished;

        private Tail(Path file, long afterId) {
            this.file = file;
            this.afterId = afterId;
        }

        /** The events appended since the last call (after {@code afterId} on the first), in order; maybe none. */
        @SuppressWarnings("unchecked")
        public List<SiteEvent> next() throws IOException {
            List<SiteEvent> events = new ArrayList<>();
            byte[] appended = readAppended();
            int start = 0;
            for (int i = 0; i < appended.length; i++) {
                if (appended[i] != '\n') {
                    continue;
                }
                String line = new String(appended, start, i - start, StandardCharsets.UTF_8);
                Map<String, Object> row;
                try {
                    row = JSON.readValue(line, Map.class);
                } catch (IOException torn) {
                    break; // as read(): a damaged line ends the log
                }
                offset += i + 1 - start;
                start = i + 1;
                long id = ((Number) row.get("id")).longValue();
                if (id > afterId) {
                    SiteEvent e = new SiteEvent(id, EventJson.fromFields((Map<String, Object>) row.get("event")));
                    events.add(e);
                    afterId = id;
                    finished |= e.event() instanceof JobEvent.JobFinished;
                }
            }
            return events;
        }

        /** Whether {@code job-finished} was among the events read. */
        public boolean finished() {
            return finished;
        }

        private byte[] readAppended() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
                long position = offset;
                int n;
                while ((n = in.read(buffer, position)) > 0) {
                    out.write(buffer.array(), 0, n);
                    position += n;
                    buffer.clear();
                }
            } catch (NoSuchFileException notYet) {
                // nothing appended yet
            }
            return out.toByteArray();
        }
    }
}

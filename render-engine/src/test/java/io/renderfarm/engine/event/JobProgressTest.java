package io.renderfarm.engine.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A progress page's view of a job, folded from engine events. */
class JobProgressTest {
    private static JobEvent event(EventType type, Map<String, ?> data) {
        return new JobEvent(type, 0, "j", data);
    }

    @Test
    @SuppressWarnings("unchecked")
    void foldsEventsIntoFrameStatusSamplesAndOutcome() {
        JobProgress p = new JobProgress();
        p.apply(event(EventType.JOB_STARTED, Map.of("frames", "1-3", "total", 3, "renderer", "povray", "slots", 2)));
        p.apply(event(
                EventType.CHUNK_STARTED,
                Map.of("chunk", 1, "frames", "1-2", "slot", "a#0", "pass", "final", "attempt", 1)));
        p.apply(event(
                EventType.CHUNK_STARTED,
                Map.of("chunk", 2, "frames", "3", "slot", "b#0", "pass", "final", "attempt", 1)));
        p.apply(event(
                EventType.CHUNK_FAILED,
                Map.of("chunk", 2, "slot", "b#0", "reason", "lost", "willRetry", true, "frames", "3")));
        p.apply(event(
                EventType.FRAME_DONE, Map.of("frame", 1, "path", "r/f1.png", "sha256", "x", "done", 1, "total", 3)));
        p.apply(event(EventType.SAMPLE, Map.of("frame", 1, "kind", "thumbnail", "path", "r/samples/t1.png")));

        Map<String, Object> s = p.snapshot();
        assertThat(s.get("state")).isEqualTo("RUNNING");
        assertThat(s.get("done")).isEqualTo(1);
        assertThat((Map<String, String>) s.get("status")).isEqualTo(Map.of("1", "done", "2", "rendering"));
        assertThat((List<String>) s.get("chunks")).hasSize(1);
        assertThat(((List<Map<String, Object>>) s.get("samples")).get(0).get("path"))
                .isEqualTo("r/samples/t1.png");
        assertThat((List<String>) s.get("notes")).anyMatch(n -> n.contains("chunk 2 failed on b#0: lost"));

        p.apply(event(
                EventType.CHUNK_LOG,
                Map.of(
                        "chunk",
                        2,
                        "attempt",
                        1,
                        "frames",
                        "3",
                        "slot",
                        "b#0",
                        "state",
                        "failed",
                        "reason",
                        "lost",
                        "kind",
                        "slot",
                        "path",
                        "r/logs/chunk-0002-attempt-1.log")));
        assertThat((List<Map<String, Object>>) p.snapshot().get("logs"))
                .singleElement()
                .satisfies(l -> {
                    assertThat(l.get("path")).isEqualTo("r/logs/chunk-0002-attempt-1.log");
                    assertThat(l.get("state")).isEqualTo("failed");
                    assertThat(l.get("reason")).isEqualTo("lost");
                });

        p.resumed();
        assertThat((Map<String, String>) p.snapshot().get("status")).isEqualTo(Map.of("1", "done"));
        p.apply(event(
                EventType.JOB_FINISHED,
                Map.of("state", "FAILED", "done", 1, "total", 3, "failed", "2-3", "reason", "r")));
        assertThat((Map<String, String>) p.snapshot().get("status"))
                .isEqualTo(Map.of("1", "done", "2", "failed", "3", "failed"));
        assertThat(p.getState()).isEqualTo("FAILED");
    }

    @Test
    void recordsWhereTheJobWasSentAndCountsFramesFetchedAfterTheEnd() {
        JobProgress p = new JobProgress();
        p.apply(event(
                EventType.DECISION, Map.of("where", "remote", "reason", "local slots busy", "site", "http://r:8765")));
        p.apply(event(EventType.FRAME_DONE, Map.of("frame", 4, "path", "r/f4.png", "sha256", "x")));

        assertThat(p.getWhere()).isEqualTo("remote");
        assertThat(p.getWhereReason()).isEqualTo("local slots busy");
        assertThat(p.getSite()).isEqualTo("http://r:8765");
        assertThat(p.getDone()).isEqualTo(1);
        assertThat(p.snapshot()).containsEntry("where", "remote").containsEntry("site", "http://r:8765");
    }

    @Test
    void keepsOnlyTheNewestThumbnailsAndNotes() {
        JobProgress p = new JobProgress();
        for (int f = 1; f <= 60; f++) {
            p.apply(event(EventType.SAMPLE, Map.of("frame", f, "kind", "thumbnail", "path", "s/t" + f + ".png")));
            p.note("note " + f);
        }
        assertThat(p.getSamples()).hasSize(48);
        assertThat(p.getSamples().get(0).getFrame()).isEqualTo(13);
        @SuppressWarnings("unchecked")
        List<String> notes = (List<String>) p.snapshot().get("notes");
        assertThat(notes).hasSize(20).endsWith("note 60");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldGiveFieldsMissingFromAnOlderSavedFormTheirDefaults() throws Exception {
        JobProgress saved = new JobProgress();
        saved.apply(
                event(EventType.JOB_STARTED, Map.of("frames", "1-3", "total", 3, "renderer", "povray", "slots", 2)));
        saved.apply(event(
                EventType.FRAME_DONE, Map.of("frame", 1, "path", "r/f1.png", "sha256", "x", "done", 1, "total", 3)));
        for (String name : List.of("notes", "samples", "where", "whereReason", "site")) {
            Field f = JobProgress.class.getDeclaredField(name); // as read from a form saved before they existed
            f.setAccessible(true);
            f.set(saved, null);
        }

        JobProgress read = roundTrip(saved);
        read.apply(event(
                EventType.CHUNK_FAILED,
                Map.of("chunk", 2, "slot", "b#0", "reason", "lost", "willRetry", true, "frames", "3")));
        read.apply(event(EventType.SAMPLE, Map.of("frame", 1, "kind", "thumbnail", "path", "r/samples/t1.png")));

        Map<String, Object> s = read.snapshot();
        assertThat(s.get("done")).isEqualTo(1);
        assertThat(s.get("frames")).isEqualTo("1-3");
        assertThat(s.get("where")).isEqualTo("");
        assertThat((Map<String, String>) s.get("status")).containsEntry("1", "done");
        assertThat((List<String>) s.get("notes")).singleElement().asString().contains("chunk 2 failed");
        assertThat(read.getSamples()).hasSize(1);
    }

    private static JobProgress roundTrip(JobProgress p) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(p);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (JobProgress) in.readObject();
        }
    }
}

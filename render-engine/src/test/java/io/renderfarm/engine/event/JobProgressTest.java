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
    @Test
    @SuppressWarnings("unchecked")
    void foldsEventsIntoFrameStatusSamplesAndOutcome() {
        JobProgress p = new JobProgress();
        p.apply(new JobEvent.JobStarted(0, "j", "1-3", 3, "povray", 2));
        p.apply(new JobEvent.ChunkStarted(0, "j", 1, "1-2", "a#0", "final", 1));
        p.apply(new JobEvent.ChunkStarted(0, "j", 2, "3", "b#0", "final", 1));
        p.apply(new JobEvent.ChunkFailed(0, "j", 2, "b#0", "lost", true, "3", "slot", null));
        p.apply(new JobEvent.FrameDone(0, "j", 1, "r/f1.png", "x", 1, 3, false));
        p.apply(new JobEvent.Sample(0, "j", 1, "thumbnail", "r/samples/t1.png"));

        Map<String, Object> s = p.snapshot();
        assertThat(s.get("state")).isEqualTo("RUNNING");
        assertThat(s.get("done")).isEqualTo(1);
        assertThat((Map<String, String>) s.get("status")).isEqualTo(Map.of("1", "done", "2", "rendering"));
        assertThat((List<String>) s.get("chunks")).hasSize(1);
        assertThat(((List<Map<String, Object>>) s.get("samples")).get(0).get("path"))
                .isEqualTo("r/samples/t1.png");
        assertThat((List<String>) s.get("notes")).anyMatch(n -> n.contains("chunk 2 failed on b#0: lost"));

        p.apply(new JobEvent.ChunkLog(
                0,
                "j",
                2,
                1,
                "final",
                "3",
                "b#0",
                "b",
                "2026-01-01T10:00:00Z",
                "2026-01-01T10:00:01Z",
                "failed",
                null,
                "lost",
                "slot",
                List.of(),
                "r/logs/chunk-0002-attempt-1.log",
                0,
                false,
                null));
        assertThat((List<Map<String, Object>>) p.snapshot().get("logs"))
                .singleElement()
                .satisfies(l -> {
                    assertThat(l.get("path")).isEqualTo("r/logs/chunk-0002-attempt-1.log");
                    assertThat(l.get("state")).isEqualTo("failed");
                    assertThat(l.get("reason")).isEqualTo("lost");
                });

        p.resumed();
        assertThat((Map<String, String>) p.snapshot().get("status")).isEqualTo(Map.of("1", "done"));
        p.apply(new JobEvent.JobFinished(0, "j", "FAILED", 1, 3, "2-3", "r"));
        assertThat((Map<String, String>) p.snapshot().get("status"))
                .isEqualTo(Map.of("1", "done", "2", "failed", "3", "failed"));
        assertThat(p.getState()).isEqualTo("FAILED");
    }

    @Test
    void recordsWhereTheJobWasSentAndCountsFramesFetchedAfterTheEnd() {
        JobProgress p = new JobProgress();
        p.apply(new JobEvent.Decision(0, "j", "remote", "local slots busy", "http://r:8765"));
        p.apply(new JobEvent.FrameDone(0, "j", 4, "r/f4.png", "x", null, null, null, null, false, null, null));

        assertThat(p.getWhere()).isEqualTo("remote");
        assertThat(p.getWhereReason()).isEqualTo("local slots busy");
        assertThat(p.getSite()).isEqualTo("http://r:8765");
        assertThat(p.getDone()).isEqualTo(1);
        assertThat(p.snapshot()).containsEntry("where", "remote").containsEntry("site", "http://r:8765");
    }

    @Test
    void shouldIgnoreATypeFromANewerSiteAndKeepFolding() {
        JobProgress p = new JobProgress();
        p.apply(new JobEvent.JobStarted(0, "j", "1-2", 2, "povray", 1));
        p.apply(new JobEvent.Unknown("node-warm", 1, "j", Map.of("node", "a")));
        p.apply(new JobEvent.FrameDone(2, "j", 1, "r/f1.png", "x", 1, 2, false));

        assertThat(p.getState()).isEqualTo("RUNNING");
        assertThat(p.getDone()).isEqualTo(1);
    }

    @Test
    void keepsOnlyTheNewestThumbnailsAndNotes() {
        JobProgress p = new JobProgress();
        for (int f = 1; f <= 60; f++) {
            p.apply(new JobEvent.Sample(0, "j", f, "thumbnail", "s/t" + f + ".png"));
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
        saved.apply(new JobEvent.JobStarted(0, "j", "1-3", 3, "povray", 2));
        saved.apply(new JobEvent.FrameDone(0, "j", 1, "r/f1.png", "x", 1, 3, false));
        for (String name : List.of("notes", "samples", "where", "whereReason", "site")) {
            Field f = JobProgress.class.getDeclaredField(name); // as read from a form saved before they existed
            f.setAccessible(true);
            f.set(saved, null);
        }

        JobProgress read = roundTrip(saved);
        read.apply(new JobEvent.ChunkFailed(0, "j", 2, "b#0", "lost", true, "3", "slot", null));
        read.apply(new JobEvent.Sample(0, "j", 1, "thumbnail", "r/samples/t1.png"));

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

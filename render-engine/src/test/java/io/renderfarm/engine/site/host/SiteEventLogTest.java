package io.renderfarm.engine.site.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.site.protocol.SiteEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteEventLogTest {
    @TempDir
    Path dir;

    private static final String JOB = "local-7";

    private static JobEvent started(String frames, int total) {
        return new JobEvent.JobStarted(1.5, JOB, frames, total, "povray", 1);
    }

    private static JobEvent chunkStarted() {
        return new JobEvent.ChunkStarted(1.5, JOB, 1, "1-2", "slot-1", "final", 1);
    }

    private static JobEvent succeeded() {
        return new JobEvent.JobFinished(1.5, JOB, "SUCCEEDED", 2, 2, "", "");
    }

    @Test
    void rewritesSamplesAndFramesToSiteUrls() {
        JobEvent.Sample sample = (JobEvent.Sample) SiteEventLog.forSite(
                new JobEvent.Sample(1.5, JOB, 3, "thumbnail", "renders/samples/thumb_0003.png"), "r12-ab");
        assertThat(sample.job()).isEqualTo("r12-ab");
        assertThat(sample.name()).isEqualTo("thumb_0003.png");
        assertThat(sample.path()).isEqualTo("/api/jobs/r12-ab/samples/thumb_0003.png");

        JobEvent.FrameDone frame = (JobEvent.FrameDone) SiteEventLog.forSite(
                new JobEvent.FrameDone(1.5, JOB, 3, "renders/frame_0003.png", "ab", 1, 2, false), "r12-ab");
        assertThat(frame.file()).isEqualTo("frame_0003.png");
        assertThat(frame.path()).isEqualTo("/api/jobs/r12-ab/frames/3");
        assertThat(frame.sha256()).isEqualTo("ab");

        assertThat(SiteEventLog.forSite(new JobEvent.Progress(1.5, JOB, 1, 1, 0.5, 0, 2, null), "x"))
                .isNull();
    }

    @Test
    void numbersEventsAndResumesAfterAReopen() throws Exception {
        Path file = dir.resolve("events.jsonl");
        SiteEventLog log = new SiteEventLog(file);
        assertThat(log.append(started("1-2", 2)).id()).isEqualTo(1);
        assertThat(log.append(chunkStarted()).id()).isEqualTo(2);
        assertThat(log.finished()).isFalse();

        SiteEventLog reopened = new SiteEventLog(file);
        assertThat(reopened.lastId()).isEqualTo(2);
        reopened.append(succeeded());
        assertThat(reopened.finished()).isTrue();
        assertThat(reopened.read(1)).extracting(SiteEvent::id).containsExactly(2L, 3L);
        assertThat(((JobEvent.JobStarted) reopened.read(0).get(0).event()).frames())
                .isEqualTo("1-2");
    }

    @Test
    void stopsAtALineCutShortByACrash() throws Exception {
        Path file = dir.resolve("events.jsonl");
        new SiteEventLog(file).append(started("1", 1));
        Files.writeString(file, "{\"id\":2,\"ev", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(new SiteEventLog(file).read(0)).hasSize(1);
    }

    @Test
    void shouldTailOnlyWhatWasAppendedAndOnlyWholeLines() throws Exception {
        Path file = dir.resolve("events.jsonl");
        SiteEventLog.Tail tail = SiteEventLog.tail(file, 1);
        assertThat(tail.next()).isEmpty(); // no file yet
        SiteEventLog log = new SiteEventLog(file);
        log.append(started("1-2", 2));
        log.append(chunkStarted());

        assertThat(tail.next()).extracting(SiteEvent::id).containsExactly(2L);
        assertThat(tail.next()).isEmpty();

        long before = Files.size(file);
        log.append(new JobEvent.ChunkFinished(1.5, JOB, 1, "1-2"));
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, (int) before + 5)); // a line half written
        assertThat(tail.next()).isEmpty();
        Files.write(file, whole);
        log.append(succeeded());

        assertThat(tail.next()).extracting(SiteEvent::id).containsExactly(3L, 4L);
        assertThat(tail.finished()).isTrue();
    }

    @Test
    void shouldReadEachByteOfTheFileOnceWhileTailing() throws Exception {
        Path file = dir.resolve("events.jsonl");
        SiteEventLog log = new SiteEventLog(file);
        log.append(started("1-2", 2));
        SiteEventLog.Tail tail = SiteEventLog.tail(file, 0);
        assertThat(tail.next()).hasSize(1);

        // Earlier lines replaced by garbage of the same length: a tail that read from the start again would stop there.
        byte[] bytes = Files.readAllBytes(file);
        java.util.Arrays.fill(bytes, 0, bytes.length - 1, (byte) 'x');
        Files.write(file, bytes);
        Files.writeString(
                file,
                "{\"id\":2,\"event\":{\"type\":\"chunk-started\",\"t\":1.0,\"chunk\":1}}\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        assertThat(tail.next()).extracting(SiteEvent::id).containsExactly(2L);
    }
}

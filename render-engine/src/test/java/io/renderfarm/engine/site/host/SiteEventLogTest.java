package io.renderfarm.engine.site.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.event.EventType;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.site.protocol.SiteEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteEventLogTest {
    @TempDir
    Path dir;

    private static JobEvent event(EventType type, Map<String, ?> data) {
        return new JobEvent(type, 1.5, "local-7", data);
    }

    @Test
    void rewritesSamplesAndFramesToSiteUrls() {
        JobEvent sample = SiteEventLog.forSite(
                event(
                        EventType.SAMPLE,
                        Map.of("frame", 3, "kind", "thumbnail", "path", "renders/samples/thumb_0003.png")),
                "r12-ab");
        assertThat(sample.job()).isEqualTo("r12-ab");
        assertThat(sample.string("name")).isEqualTo("thumb_0003.png");
        assertThat(sample.string("path")).isEqualTo("/api/jobs/r12-ab/samples/thumb_0003.png");

        JobEvent frame = SiteEventLog.forSite(
                event(
                        EventType.FRAME_DONE,
                        Map.of("frame", 3, "path", "renders/frame_0003.png", "sha256", "ab", "done", 1, "total", 2)),
                "r12-ab");
        assertThat(frame.string("file")).isEqualTo("frame_0003.png");
        assertThat(frame.string("path")).isEqualTo("/api/jobs/r12-ab/frames/3");
        assertThat(frame.get("sha256")).isEqualTo("ab");

        assertThat(SiteEventLog.forSite(event(EventType.PROGRESS, Map.of("frame", 1, "fraction", 0.5)), "x"))
                .isNull();
    }

    @Test
    void numbersEventsAndResumesAfterAReopen() throws Exception {
        Path file = dir.resolve("events.jsonl");
        SiteEventLog log = new SiteEventLog(file);
        assertThat(log.append(event(EventType.JOB_STARTED, Map.of("frames", "1-2", "total", 2)))
                        .id())
                .isEqualTo(1);
        assertThat(log.append(event(EventType.CHUNK_STARTED, Map.of("chunk", 1)))
                        .id())
                .isEqualTo(2);
        assertThat(log.finished()).isFalse();

        SiteEventLog reopened = new SiteEventLog(file);
        assertThat(reopened.lastId()).isEqualTo(2);
        reopened.append(event(EventType.JOB_FINISHED, Map.of("state", "SUCCEEDED", "done", 2, "total", 2)));
        assertThat(reopened.finished()).isTrue();
        assertThat(reopened.read(1)).extracting(SiteEvent::id).containsExactly(2L, 3L);
        assertThat(reopened.read(0).get(0).event().string("frames")).isEqualTo("1-2");
    }

    @Test
    void stopsAtALineCutShortByACrash() throws Exception {
        Path file = dir.resolve("events.jsonl");
        new SiteEventLog(file).append(event(EventType.JOB_STARTED, Map.of("frames", "1", "total", 1)));
        Files.writeString(file, "{\"id\":2,\"ev", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(new SiteEventLog(file).read(0)).hasSize(1);
    }

    @Test
    void shouldTailOnlyWhatWasAppendedAndOnlyWholeLines() throws Exception {
        Path file = dir.resolve("events.jsonl");
        SiteEventLog.Tail tail = SiteEventLog.tail(file, 1);
        assertThat(tail.next()).isEmpty(); // no file yet
        SiteEventLog log = new SiteEventLog(file);
        log.append(event(EventType.JOB_STARTED, Map.of("frames", "1-2", "total", 2)));
        log.append(event(EventType.CHUNK_STARTED, Map.of("chunk", 1)));

        assertThat(tail.next()).extracting(SiteEvent::id).containsExactly(2L);
        assertThat(tail.next()).isEmpty();

        long before = Files.size(file);
        log.append(event(EventType.CHUNK_FINISHED, Map.of("chunk", 1, "frames", "1-2")));
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, (int) before + 5)); // a line half written
        assertThat(tail.next()).isEmpty();
        Files.write(file, whole);
        log.append(event(EventType.JOB_FINISHED, Map.of("state", "SUCCEEDED", "done", 2, "total", 2)));

        assertThat(tail.next()).extracting(SiteEvent::id).containsExactly(3L, 4L);
        assertThat(tail.finished()).isTrue();
    }

    @Test
    void shouldReadEachByteOfTheFileOnceWhileTailing() throws Exception {
        Path file = dir.resolve("events.jsonl");
        SiteEventLog log = new SiteEventLog(file);
        log.append(event(EventType.JOB_STARTED, Map.of("frames", "1-2", "total", 2)));
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

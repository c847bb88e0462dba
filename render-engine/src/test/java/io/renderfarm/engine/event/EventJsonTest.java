package io.renderfarm.engine.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The flat wire form of every event type, against literal JSON as the engine, a site and a relay write it (field
 * order, which fields are left out, the JSON type of each number).
 */
class EventJsonTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** One event of every type, with its wire form; a site's and a relay's extra fields included. */
    private static final Map<JobEvent, String> WIRE = new java.util.LinkedHashMap<>();

    static {
        WIRE.put(
                new JobEvent.JobStarted(0.0, "j1", "1-6", 6, "povray", 2),
                "{\"type\":\"job-started\",\"t\":0.0,\"job\":\"j1\",\"frames\":\"1-6\",\"total\":6,"
                        + "\"renderer\":\"povray\",\"slots\":2}");
        WIRE.put(
                new JobEvent.JobStarted(0.25, "r1", "1-6", 6, "blender", 4, "http://render2:8765", "remote", 2),
                "{\"type\":\"job-started\",\"t\":0.25,\"job\":\"r1\",\"frames\":\"1-6\",\"total\":6,"
                        + "\"renderer\":\"blender\",\"slots\":4,\"site\":\"http://render2:8765\",\"where\":\"remote\","
                        + "\"run\":2}");
        WIRE.put(
                new JobEvent.Decision(0.0, "j1", "local", "no remote site is configured", null),
                "{\"type\":\"decision\",\"t\":0.0,\"job\":\"j1\",\"where\":\"local\","
                        + "\"reason\":\"no remote site is configured\"}");
        WIRE.put(
                new JobEvent.Decision(0.0, "j1", "remote", "asked", "http://r:8765"),
                "{\"type\":\"decision\",\"t\":0.0,\"job\":\"j1\",\"where\":\"remote\",\"reason\":\"asked\","
                        + "\"site\":\"http://r:8765\"}");
        WIRE.put(
                new JobEvent.ChunkStarted(0.012, "j1", 1, "1-2", "slot-1", "final", 1),
                "{\"type\":\"chunk-started\",\"t\":0.012,\"job\":\"j1\",\"chunk\":1,\"frames\":\"1-2\","
                        + "\"slot\":\"slot-1\",\"pass\":\"final\",\"attempt\":1}");
        WIRE.put(
                new JobEvent.Progress(1.5, "j1", 1, 2, 0.5, 1, 6, null),
                "{\"type\":\"progress\",\"t\":1.5,\"job\":\"j1\",\"chunk\":1,\"frame\":2,\"fraction\":0.5,"
                        + "\"done\":1,\"total\":6}");
        WIRE.put(
                new JobEvent.Progress(2.0, "j1", 1, 2, 1.0, 1, 6, 40L),
                "{\"type\":\"progress\",\"t\":2.0,\"job\":\"j1\",\"chunk\":1,\"frame\":2,\"fraction\":1.0,"
                        + "\"done\":1,\"total\":6,\"eta\":40}");
        WIRE.put(
                new JobEvent.ChunkFailed(3.0, "j1", 2, "slot-2", "exit 1", true, "3-4", "slot", 3),
                "{\"type\":\"chunk-failed\",\"t\":3.0,\"job\":\"j1\",\"chunk\":2,\"slot\":\"slot-2\","
                        + "\"reason\":\"exit 1\",\"willRetry\":true,\"frames\":\"3-4\",\"kind\":\"slot\",\"frame\":3}");
        WIRE.put(
                new JobEvent.ChunkFailed(3.0, "j1", 2, "slot-2", "lost", false, "3-4", "unknown", null),
                "{\"type\":\"chunk-failed\",\"t\":3.0,\"job\":\"j1\",\"chunk\":2,\"slot\":\"slot-2\","
                        + "\"reason\":\"lost\",\"willRetry\":false,\"frames\":\"3-4\",\"kind\":\"unknown\"}");
        WIRE.put(
                new JobEvent.ChunkFinished(4.0, "j1", 1, "1-2"),
                "{\"type\":\"chunk-finished\",\"t\":4.0,\"job\":\"j1\",\"chunk\":1,\"frames\":\"1-2\"}");
        WIRE.put(
                new JobEvent.ChunkLog(
                        4.5,
                        "j1",
                        2,
                        1,
                        "final",
                        "3-4",
                        "slot-2",
                        "render1",
                        "2026-01-01T10:00:00Z",
                        "2026-01-01T10:00:05Z",
                        "failed",
                        1,
                        "exit 1",
                        "scene",
                        List.of("Parse Error", "x"),
                        "/api/jobs/j1/chunks/2/log",
                        1234,
                        false,
                        "chunk-0002-attempt-1.log"),
                "{\"type\":\"chunk-log\",\"t\":4.5,\"job\":\"j1\",\"chunk\":2,\"attempt\":1,\"pass\":\"final\","
                        + "\"frames\":\"3-4\",\"slot\":\"slot-2\",\"host\":\"render1\","
                        + "\"started\":\"2026-01-01T10:00:00Z\",\"ended\":\"2026-01-01T10:00:05Z\","
                        + "\"state\":\"failed\",\"exitCode\":1,\"reason\":\"exit 1\",\"kind\":\"scene\","
                        + "\"tail\":[\"Parse Error\",\"x\"],\"path\":\"/api/jobs/j1/chunks/2/log\",\"chars\":1234,"
                        + "\"truncated\":false,\"file\":\"chunk-0002-attempt-1.log\"}");
        WIRE.put(
                new JobEvent.ChunkLog(
                        4.5,
                        "j1",
                        1,
                        1,
                        "final",
                        "1-2",
                        "slot-1",
                        "render1",
                        "2026-01-01T10:00:00Z",
                        "2026-01-01T10:00:05Z",
                        "succeeded",
                        null,
                        null,
                        null,
                        null,
                        null,
                        0,
                        true,
                        null),
                "{\"type\":\"chunk-log\",\"t\":4.5,\"job\":\"j1\",\"chunk\":1,\"attempt\":1,\"pass\":\"final\","
                        + "\"frames\":\"1-2\",\"slot\":\"slot-1\",\"host\":\"render1\","
                        + "\"started\":\"2026-01-01T10:00:00Z\",\"ended\":\"2026-01-01T10:00:05Z\","
                        + "\"state\":\"succeeded\",\"chars\":0,\"truncated\":true}");
        WIRE.put(
                new JobEvent.SlotBlocklisted(5.0, "j1", "slot-2", "failed 3 times"),
                "{\"type\":\"slot-blocklisted\",\"t\":5.0,\"job\":\"j1\",\"slot\":\"slot-2\","
                        + "\"reason\":\"failed 3 times\"}");
        WIRE.put(
                new JobEvent.Sample(5.5, "j1", 3, "thumbnail", "renders/samples/thumb_0003.png"),
                "{\"type\":\"sample\",\"t\":5.5,\"job\":\"j1\",\"frame\":3,\"kind\":\"thumbnail\","
                        + "\"path\":\"renders/samples/thumb_0003.png\"}");
        WIRE.put(
                new JobEvent.Sample(5.5, "j1", 3, "thumbnail", "/api/jobs/j1/samples/thumb_0003.png", "thumb_0003.png"),
                "{\"type\":\"sample\",\"t\":5.5,\"job\":\"j1\",\"frame\":3,\"kind\":\"thumbnail\","
                        + "\"path\":\"/api/jobs/j1/samples/thumb_0003.png\",\"name\":\"thumb_0003.png\"}");
        WIRE.put(
                new JobEvent.FrameDone(6.0, "j1", 3, "renders/f_0003.png", "ab12", 2, 6, false),
                "{\"type\":\"frame-done\",\"t\":6.0,\"job\":\"j1\",\"frame\":3,\"path\":\"renders/f_0003.png\","
                        + "\"sha256\":\"ab12\",\"done\":2,\"total\":6}");
        WIRE.put(
                new JobEvent.FrameDone(
                        6.0, "j1", 3, "/api/jobs/j1/frames/3", "ab12", 640, 480, 2, 6, false, "f_0003.png", 7000L),
                "{\"type\":\"frame-done\",\"t\":6.0,\"job\":\"j1\",\"frame\":3,\"path\":\"/api/jobs/j1/frames/3\","
                        + "\"sha256\":\"ab12\",\"width\":640,\"height\":480,\"done\":2,\"total\":6,"
                        + "\"file\":\"f_0003.png\",\"bytes\":7000}");
        WIRE.put(
                new JobEvent.FrameDone(
                        6.0,
                        "j1",
                        3,
                        "/api/jobs/j1/frames/3",
                        "ab12",
                        null,
                        null,
                        2,
                        6,
                        true,
                        "f_0003.png",
                        5000000000L),
                "{\"type\":\"frame-done\",\"t\":6.0,\"job\":\"j1\",\"frame\":3,\"path\":\"/api/jobs/j1/frames/3\","
                        + "\"sha256\":\"ab12\",\"done\":2,\"total\":6,\"skipped\":true,\"file\":\"f_0003.png\","
                        + "\"bytes\":5000000000}");
        WIRE.put(
                new JobEvent.AwaitingApproval(7.0, "j1", 2),
                "{\"type\":\"awaiting-approval\",\"t\":7.0,\"job\":\"j1\",\"previews\":2}");
        WIRE.put(
                new JobEvent.Canceled(8.0, null, "asked"),
                "{\"type\":\"canceled\",\"t\":8.0,\"job\":null,\"reason\":\"asked\"}");
        WIRE.put(
                new JobEvent.JobFinished(9.123, "j1", "FAILED", 4, 6, "3-4", "2 frames failed"),
                "{\"type\":\"job-finished\",\"t\":9.123,\"job\":\"j1\",\"state\":\"FAILED\",\"done\":4,\"total\":6,"
                        + "\"failed\":\"3-4\",\"reason\":\"2 frames failed\"}");
        WIRE.put(
                new JobEvent.JobStalled(10.0, "j1", "the site's data folder is full"),
                "{\"type\":\"job-stalled\",\"t\":10.0,\"job\":\"j1\","
                        + "\"reason\":\"the site's data folder is full\"}");
    }

    @Test
    void shouldWriteEveryTypeFlatInWireOrder() throws Exception {
        for (Map.Entry<JobEvent, String> e : WIRE.entrySet()) {
            assertThat(JSON.writeValueAsString(e.getKey())).isEqualTo(e.getValue());
        }
    }

    @Test
    void shouldReadEveryTypeBackAsItsRecord() throws Exception {
        for (Map.Entry<JobEvent, String> e : WIRE.entrySet()) {
            JobEvent read = JSON.readValue(e.getValue(), JobEvent.class);
            assertThat(read).isEqualTo(e.getKey());
            assertThat(JSON.writeValueAsString(read)).isEqualTo(e.getValue());
        }
    }

    @Test
    void shouldCoverEveryEventType() {
        assertThat(WIRE.keySet().stream().map(JobEvent::type).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(EventType.values())
                        .map(EventType::wireName)
                        .toList());
    }

    @Test
    void shouldWriteEventsInsideOtherValuesThroughTheCodec() throws Exception {
        JobEvent e = new JobEvent.Canceled(1.0, "j1", "asked");
        assertThat(JSON.writeValueAsString(Map.of("event", e)))
                .isEqualTo("{\"event\":{\"type\":\"canceled\",\"t\":1.0,\"job\":\"j1\",\"reason\":\"asked\"}}");
        assertThat(JSON.writeValueAsString(List.of(e)))
                .isEqualTo("[{\"type\":\"canceled\",\"t\":1.0,\"job\":\"j1\",\"reason\":\"asked\"}]");
    }

    @Test
    void shouldKeepAnUnknownTypeAsItWasRead() throws Exception {
        String wire = "{\"type\":\"node-warm\",\"t\":1.0,\"job\":\"j1\",\"node\":\"a\",\"n\":[1,2]}";
        JobEvent read = JSON.readValue(wire, JobEvent.class);
        assertThat(read).isInstanceOf(JobEvent.Unknown.class);
        assertThat(read.type()).isEqualTo("node-warm");
        assertThat(JSON.writeValueAsString(read)).isEqualTo(wire);
        assertThat(read.withJob("local-1").job()).isEqualTo("local-1");
    }

    @Test
    void shouldIgnoreFieldsANewerProducerAddedAndReadMissingNumbersAsZero() throws Exception {
        JobEvent read = JSON.readValue(
                "{\"type\":\"job-finished\",\"t\":1.5,\"job\":\"j\",\"state\":\"SUCCEEDED\",\"colour\":\"red\"}",
                JobEvent.class);
        assertThat(read).isEqualTo(new JobEvent.JobFinished(1.5, "j", "SUCCEEDED", 0, 0, null, null));
    }

    @Test
    void shouldReadAFrameWithOneDimensionAsOneOfUnknownSizeAndKeepTheSizeWhenMoved() throws Exception {
        JobEvent.FrameDone half = (JobEvent.FrameDone) JSON.readValue(
                "{\"type\":\"frame-done\",\"t\":1.0,\"job\":\"j\",\"frame\":1,\"path\":\"p\","
                        + "\"sha256\":\"s\",\"width\":640}",
                JobEvent.class);
        assertThat(half.width()).isNull();
        assertThat(half.height()).isNull();

        JobEvent.FrameDone sized = new JobEvent.FrameDone(1.0, "j", 1, "p", "s", 640, 480, 1, 2, false, null, null);
        JobEvent.FrameDone moved = sized.at("/api/jobs/j/frames/1", "f_0001.png", 10L);
        assertThat(List.of(moved.width(), moved.height())).containsExactly(640, 480);
        assertThat(((JobEvent.FrameDone) sized.withJob("k")).width()).isEqualTo(640);
    }

    @Test
    void shouldRefuseAnEventWithoutTypeOrTimeOrWithAWrongNumber() {
        assertThatThrownBy(() -> JSON.readValue("{\"t\":1.0}", JobEvent.class))
                .isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("an event needs a string 'type' and a numeric 't'");
        assertThatThrownBy(() ->
                        JSON.readValue("{\"type\":\"chunk-finished\",\"t\":1.0,\"chunk\":\"two\"}", JobEvent.class))
                .isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("a 'chunk-finished' event's 'chunk' must be a number, got 'two'");
    }

    @Test
    void shouldRoundTimeToTheMillisecondAndRestampWithoutChangingTheRest() {
        JobEvent e = new JobEvent.FrameDone(1.23456, "a", 3, "p", "s", 1, 2, true);
        assertThat(e.t()).isEqualTo(1.235);
        JobEvent moved = e.withJob("b").withT(2.0);
        assertThat(moved).isEqualTo(new JobEvent.FrameDone(2.0, "b", 3, "p", "s", 1, 2, true));
    }

    @Test
    void shouldSurviveJavaSerialisation() throws Exception {
        for (JobEvent e : WIRE.keySet()) {
            assertThat(javaRoundTrip(e)).isEqualTo(e);
        }
        JobEvent newer = JSON.readValue(
                "{\"type\":\"node-warm\",\"t\":1.0,\"job\":\"j1\",\"n\":[1,{\"a\":null}]}", JobEvent.class);
        assertThat(javaRoundTrip(newer)).isEqualTo(newer);
    }

    private static Object javaRoundTrip(JobEvent e) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }
}

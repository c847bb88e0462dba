package io.renderfarm.engine.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTextTest {
    private static JobEvent event(EventType type, Map<String, ?> data) {
        return new JobEvent(type, 0, "j", data);
    }

    @Test
    void describesWhatAPersonReadsInALog() {
        assertThat(EventText.describe(event(
                        EventType.JOB_STARTED, Map.of("frames", "1-6", "total", 6, "renderer", "povray", "slots", 2))))
                .isEqualTo("rendering frames 1-6 (6) with povray on 2 slot(s)");
        assertThat(EventText.describe(event(
                        EventType.CHUNK_FAILED,
                        Map.of("chunk", 3, "slot", "a#0", "reason", "lost", "willRetry", true))))
                .isEqualTo("chunk 3 failed on a#0: lost (will retry)");
        assertThat(EventText.describe(
                        event(EventType.FRAME_DONE, Map.of("frame", 7, "path", "r/f7.png", "done", 2, "total", 6))))
                .isEqualTo("frame 7 stored as r/f7.png (2/6)");
        assertThat(EventText.describe(
                        event(EventType.DECISION, Map.of("where", "remote", "reason", "busy", "site", "http://r"))))
                .isEqualTo("rendering remote: busy (http://r)");
        assertThat(EventText.describe(event(
                        EventType.JOB_FINISHED, Map.of("state", "SUCCEEDED", "done", 6, "total", 6, "reason", ""))))
                .isEqualTo("finished SUCCEEDED: 6/6 frames");
        assertThat(EventText.describe(event(EventType.JOB_STALLED, Map.of("reason", "the site's data folder is full"))))
                .isEqualTo("stopped: the site's data folder is full");
    }

    @Test
    void leavesLiveOnlyEventsOut() {
        assertThat(EventText.describe(event(EventType.PROGRESS, Map.of("chunk", 1, "frame", 1, "fraction", 0.5))))
                .isNull();
        assertThat(EventText.describe(event(EventType.CHUNK_FINISHED, Map.of("chunk", 1, "frames", "1"))))
                .isNull();
    }
}

package io.renderfarm.engine.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTextTest {
    @Test
    void describesWhatAPersonReadsInALog() {
        assertThat(EventText.describe(new JobEvent.JobStarted(0, "j", "1-6", 6, "povray", 2)))
                .isEqualTo("rendering frames 1-6 (6) with povray on 2 slot(s)");
        assertThat(EventText.describe(new JobEvent.ChunkFailed(0, "j", 3, "a#0", "lost", true, "3", "slot", null)))
                .isEqualTo("chunk 3 failed on a#0: lost (will retry)");
        assertThat(EventText.describe(new JobEvent.FrameDone(0, "j", 7, "r/f7.png", "ab", 2, 6, false)))
                .isEqualTo("frame 7 stored as r/f7.png (2/6)");
        assertThat(EventText.describe(new JobEvent.Decision(0, "j", "remote", "busy", "http://r")))
                .isEqualTo("rendering remote: busy (http://r)");
        assertThat(EventText.describe(new JobEvent.JobFinished(0, "j", "SUCCEEDED", 6, 6, "", "")))
                .isEqualTo("finished SUCCEEDED: 6/6 frames");
        assertThat(EventText.describe(new JobEvent.JobStalled(0, "j", "the site's data folder is full")))
                .isEqualTo("stopped: the site's data folder is full");
    }

    @Test
    void leavesLiveOnlyEventsOut() {
        assertThat(EventText.describe(new JobEvent.Progress(0, "j", 1, 1, 0.5, 0, 1, null)))
                .isNull();
        assertThat(EventText.describe(new JobEvent.ChunkFinished(0, "j", 1, "1")))
                .isNull();
    }

    @Test
    void shouldLeaveATypeFromANewerSiteOut() {
        JobEvent newer = new JobEvent.Unknown("node-warm", 1, "j", Map.of("node", "a"));
        assertThat(EventText.describe(newer)).isNull();
        assertThat(EventText.tail(newer)).isEmpty();
    }
}

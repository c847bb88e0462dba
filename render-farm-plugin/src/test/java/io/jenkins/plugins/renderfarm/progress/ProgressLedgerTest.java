package io.jenkins.plugins.renderfarm.progress;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.renderfarm.engine.event.EventType;
import io.renderfarm.engine.event.JobEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The page's view of a render as it is folded from engine events (no Jenkins needed). */
class ProgressLedgerTest {
    private static JobEvent event(EventType type, Map<String, ?> data) {
        return new JobEvent(type, 0, "j", data);
    }

    @Test
    @SuppressWarnings("unchecked")
    void foldsEventsIntoFrameStatusSamplesAndOutcome() {
        ProgressLedger ledger = new ProgressLedger();
        ledger.apply(event(EventType.JOB_STARTED, Map.of("frames", "1-3", "total", 3, "renderer", "povray", "slots", 2)));
        ledger.apply(event(EventType.CHUNK_STARTED, Map.of("chunk", 1, "frames", "1-2", "slot", "a#0", "pass", "final", "attempt", 1)));
        ledger.apply(event(EventType.CHUNK_STARTED, Map.of("chunk", 2, "frames", "3", "slot", "b#0", "pass", "final", "attempt", 1)));
        ledger.apply(event(EventType.CHUNK_FAILED, Map.of("chunk", 2, "slot", "b#0", "reason", "lost", "willRetry", true, "frames", "3")));
        ledger.apply(event(EventType.FRAME_DONE, Map.of("frame", 1, "path", "r/f1.png", "sha256", "x", "done", 1, "total", 3)));
        ledger.apply(event(EventType.SAMPLE, Map.of("frame", 1, "kind", "thumbnail", "path", "r/samples/t1.png")));

        Map<String, Object> s = ledger.snapshot();
        assertThat(s.get("state"), is("RUNNING"));
        assertThat(s.get("done"), is(1));
        assertThat(((Map<String, String>) s.get("status")), is(Map.of("1", "done", "2", "rendering")));
        assertThat(((List<String>) s.get("chunks")).size(), is(1));
        assertThat(((List<Map<String, Object>>) s.get("samples")).get(0).get("path"), is("r/samples/t1.png"));

        ledger.resumed();
        assertThat(((Map<String, String>) ledger.snapshot().get("status")), is(Map.of("1", "done")));
        ledger.apply(event(EventType.JOB_FINISHED, Map.of("state", "FAILED", "done", 1, "total", 3, "failed", "2-3", "reason", "r")));
        assertThat(((Map<String, String>) ledger.snapshot().get("status")), is(Map.of("1", "done", "2", "failed", "3", "failed")));
        assertThat(ledger.getState(), is("FAILED"));
    }
}

package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.FrameView;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.server.faults.ServeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 of the site mid-job, restart on the same data folder: the job finishes, the frames verified before the
 * kill are not rendered again, and every frame is verified. Checked from the job's own events.
 */
class SiteResumeTest {
    private static final int FRAMES = 10;

    @TempDir
    Path dir;

    @Test
    void shouldFinishAJobAfterAKill9WithoutRenderingItsVerifiedFramesAgain() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "needs blender");
        Path data = dir.resolve("data");
        Path scene = TestScenes.blenderScene(dir.resolve("scene"), "resume", 1, FRAMES, 64, 48, 8);
        String id;
        try (ServeProcess first = ServeProcess.start(data, 1)) {
            JobView job = Jobs.submit(first.client(), scene, "1-" + FRAMES, Jobs.blenderProfile(2));
            id = job.id();
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> first.client().job(id).done() >= 3);
            first.kill9();
        }

        try (ServeProcess second = ServeProcess.start(data, 1)) {
            SiteClient client = second.client();
            List<JobEvent> events = Jobs.events(client, id, Duration.ofMinutes(3));
            JobView after = client.job(id);
            int restart = indexOfSecondStart(events);
            List<JobEvent> run1 = events.subList(0, restart);
            List<JobEvent> run2 = events.subList(restart, events.size());
            Map<Integer, String> verifiedBeforeKill = framesDone(run1, false);
            Set<Integer> renderedAfterRestart = finalChunkFrames(run2);

            assertThat(after.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(after.runs()).isEqualTo(2);
            assertThat(verifiedBeforeKill).hasSizeGreaterThanOrEqualTo(3);
            assertThat(renderedAfterRestart).doesNotContainAnyElementsOf(verifiedBeforeKill.keySet());
            assertThat(framesDone(run2, true)).containsAllEntriesOf(verifiedBeforeKill);
            assertThat(Jobs.ofType(run2, JobEvent.ChunkStarted.class))
                    .allSatisfy(e -> assertThat(e.pass()).isEqualTo("final"));
            List<FrameView> frames = client.frames(id).frames();
            assertThat(frames)
                    .hasSize(FRAMES)
                    .allSatisfy(f -> assertThat(f.done()).isTrue());
            for (FrameView f : frames) {
                Path copy = dir.resolve("check-" + f.file());
                client.download(f.url(), copy);
                assertThat(FrameVerifier.sha256(copy)).isEqualTo(f.sha256());
                assertThat(new FrameVerifier().verify(copy).width()).isEqualTo(64);
                if (verifiedBeforeKill.containsKey(f.frame())) {
                    assertThat(f.sha256())
                            .as("frame %d kept from before the kill", f.frame())
                            .isEqualTo(verifiedBeforeKill.get(f.frame()));
                }
            }
        }
    }

    private static int indexOfSecondStart(List<JobEvent> events) {
        int seen = 0;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof JobEvent.JobStarted started && ++seen == 2) {
                assertThat(started.run()).isEqualTo(2);
                return i;
            }
        }
        throw new AssertionError("the job never started a second run: " + events);
    }

    /** frame -> SHA-256 of the frame-done events; with {@code skipped}, only those that were skipped (or not). */
    private static Map<Integer, String> framesDone(List<JobEvent> events, boolean skipped) {
        Map<Integer, String> done = new TreeMap<>();
        for (JobEvent.FrameDone e : Jobs.ofType(events, JobEvent.FrameDone.class)) {
            if (e.skipped() == skipped) {
                done.put(e.frame(), e.sha256());
            }
        }
        return done;
    }

    private static Set<Integer> finalChunkFrames(List<JobEvent> events) {
        Set<Integer> frames = new HashSet<>();
        for (JobEvent.ChunkStarted e : Jobs.ofType(events, JobEvent.ChunkStarted.class)) {
            if ("final".equals(e.pass())) {
                FrameSet.parse(e.frames()).forEach(frames::add);
            }
        }
        return frames;
    }
}

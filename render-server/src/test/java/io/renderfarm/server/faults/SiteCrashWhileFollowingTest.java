package io.renderfarm.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.testing.TestScenes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site is killed with SIGKILL (renderers included, as a machine crash would) while a user's {@code submit} is
 * following the job, and comes back on the same address: the {@code submit} process rides it out, the job resumes,
 * and the user ends with every frame in {@code --out}, verified, none rendered again after it was verified.
 */
class SiteCrashWhileFollowingTest {
    private static final int FRAMES = 6;

    @TempDir
    Path dir;

    @Test
    void shouldBringEveryFrameHomeWhenTheSiteCrashesAndRestartsWhileSubmitFollows() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "needs blender");
        Path scene = TestScenes.blenderScene(dir.resolve("scene"), "crash", 1, FRAMES, 160, 120, 32);
        Path profile = java.nio.file.Files.writeString(
                dir.resolve("profile.json"),
                "{\"renderer\":\"blender\",\"chunkSize\":1,\"preview\":{\"enabled\":false}}");
        Path data = dir.resolve("data");
        Path out = dir.resolve("out");
        int port = ServeProcess.freePort();
        CliProcess submit;
        try (ServeProcess first = ServeProcess.start(data, 1, port, Map.of())) {
            submit = CliProcess.start(
                    dir,
                    Map.of(),
                    "submit",
                    scene.toString(),
                    "--site",
                    first.uri().toString(),
                    "--frames",
                    "1-" + FRAMES,
                    "--out",
                    out.toString(),
                    "--profile",
                    profile.toString(),
                    "--json");
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> frameDoneLines(submit).size() >= 2);
            first.kill9();
        }
        assertThat(submit.waitForOrNull(Duration.ofSeconds(2)))
                .as("submit keeps following while the site is down")
                .isNull();

        try (ServeProcess second = ServeProcess.start(data, 1, port, Map.of())) {
            int exit = submit.waitFor(Duration.ofMinutes(3));

            assertThat(exit).as(submit.stderr()).isZero();
            SiteClient client = second.client();
            JobView job = client.jobs().jobs().get(0);
            assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(job.runs()).isEqualTo(2);
            SiteJobs.Watch all = new SiteJobs.Watch(client, job.id());
            await().atMost(Duration.ofSeconds(20)).until(() -> all.saw("job-finished"));
            SiteJobs.assertNoVerifiedFrameRenderedAgain(all.events);
            Map<Integer, StoredFrame> here = new DirectoryFrameStore(out).verifiedFrames();
            assertThat(here).hasSize(FRAMES);
            client.frames(job.id())
                    .frames()
                    .forEach(f -> assertThat(here.get(f.frame()).sha256()).isEqualTo(f.sha256()));
            List<JobEvent.FrameDone> printed = frameDoneLines(submit);
            assertThat(printed.stream().map(e -> e.frame()).distinct()).hasSize(FRAMES);
            assertThat(printed.stream().filter(e -> !e.skipped()).map(e -> e.frame()))
                    .as("no event of the first run printed twice after resuming")
                    .doesNotHaveDuplicates();
            assertThat(printed)
                    .as("frame paths point into --out")
                    .allSatisfy(e -> assertThat(Path.of(e.path())).startsWith(out.toAbsolutePath()));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<JobEvent.FrameDone> frameDoneLines(CliProcess cli) throws Exception {
        List<JobEvent.FrameDone> events = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : cli.stdoutLines()) {
            if (line.contains("\"frame-done\"")) {
                try {
                    events.add((JobEvent.FrameDone) json.readValue(line, JobEvent.class));
                } catch (com.fasterxml.jackson.core.JsonProcessingException partlyWritten) {
                    // the last line may still be being written
                }
            }
        }
        return events;
    }
}

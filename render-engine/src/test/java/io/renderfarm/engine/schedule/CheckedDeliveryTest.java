package io.renderfarm.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.FrameFormat;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputFormat;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.store.FrameReceiver;
import io.renderfarm.engine.testing.Ffprobe;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.engine.verify.FrameVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames delivered as Jenkins agents deliver them: checked (decoded, hashed, thumbnailed) on the render host, then
 * streamed into the store by the job run, which compares the bytes with that check. End to end on a scripted farm.
 */
class CheckedDeliveryTest {
    @TempDir
    Path tmp;

    private Path out;
    private Path scratch;
    private DirectoryFrameStore store;
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void setUp() throws IOException {
        out = Files.createDirectories(tmp.resolve("out"));
        scratch = Files.createDirectories(tmp.resolve("scratch"));
        store = new DirectoryFrameStore(out);
    }

    private JobResult run(String frames, JobProfile profile, ScriptedFarm farm) throws Exception {
        RenderJob job = new RenderJob(
                "j1",
                tmp.resolve("scene.blend"),
                FrameSet.parse(frames),
                OutputNaming.withPrefix("shot_"),
                profile,
                List.of());
        return new JobRun(job, farm, store, sink, Clock.SYSTEM, new FrameReceiver(1 << 20, 2, null))
                .start()
                .completion()
                .get(30, TimeUnit.SECONDS);
    }

    private static JobProfile profile() {
        return JobProfile.defaults("blender").withPreview(PreviewSettings.OFF).withChunkSize(2);
    }

    @Test
    void shouldStoreCheckedFramesWithTheHostsChecksumAndItsThumbnails() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 2).checkingOnHost();

        JobResult result = run("1-6", profile().withPreview(new PreviewSettings(true, 2, 25, 4, false)), farm);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(store.verifiedFrames()).containsOnlyKeys(1, 2, 3, 4, 5, 6);
        for (JobEvent.FrameDone done : sink.of(JobEvent.FrameDone.class)) {
            Path file = Path.of(done.path());
            assertThat(FrameVerifier.sha256(file)).isEqualTo(done.sha256());
        }
        List<JobEvent.Sample> samples = sink.of(JobEvent.Sample.class);
        assertThat(samples)
                .filteredOn(e -> "preview".equals(e.kind()))
                .hasSize(2)
                .allSatisfy(e -> assertThat(Path.of(e.path())).isRegularFile());
        assertThat(samples).filteredOn(e -> "thumbnail".equals(e.kind())).hasSize(6);
        Path thumb = out.resolve("samples/thumb_shot_0003.png");
        assertThat(ImageIO.read(thumb.toFile()).getWidth())
                .as("the host's thumbnail, stored as made")
                .isEqualTo(64);
        assertThat(out.resolve("samples").resolve("contact-sheet.png")).isRegularFile();
        try (Stream<Path> incoming = Files.list(out.resolve(".renderfarm/incoming"))) {
            assertThat(incoming).as("staged bytes left behind").isEmpty();
        }
    }

    @Test
    void shouldRefuseBytesThatChangedAfterTheHostsCheckAndRenderThemElsewhere() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 2)
                .checkingOnHost()
                .script("slot-1", ScriptedFarm.Behaviour.CHANGED_AFTER_CHECK);

        JobResult result = run("1-4", profile().withBlocklistThreshold(1), farm);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(sink.of(JobEvent.ChunkFailed.class))
                .first()
                .satisfies(e ->
                        assertThat(e.reason()).contains("arrived with SHA-256").contains("not the"));
        assertThat(sink.of(JobEvent.ChunkFailed.class)).allMatch(e -> e.slot().equals("slot-1"));
        assertThat(store.verifiedFrames()).containsOnlyKeys(1, 2, 3, 4);
    }

    @Test
    void shouldFailAChunkWithTheReasonTheHostRefusedItsFrame() throws Exception {
        ScriptedFarm farm =
                new ScriptedFarm(scratch, 2).checkingOnHost().script("slot-1", ScriptedFarm.Behaviour.CORRUPT_OUTPUT);

        JobResult result = run("1-4", profile().withBlocklistThreshold(1), farm);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(sink.of(JobEvent.ChunkFailed.class))
                .first()
                .satisfies(e -> assertThat(e.reason()).contains("is not an image of a known type"));
        assertThat(store.verifiedFrames()).containsOnlyKeys(1, 2, 3, 4);
    }

    @Test
    void shouldCheckOpenExrFramesOnTheHostAndRenderACutOneAgainElsewhere() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 2)
                .checkingOnHost()
                .script("slot-1", ScriptedFarm.Behaviour.CORRUPT_EXR)
                .script("slot-2", ScriptedFarm.Behaviour.RENDER_EXR);

        JobResult result = run(
                "1-4",
                profile().withChunkSize(1).withBlocklistThreshold(1).withFormat(OutputFormat.of(FrameFormat.EXR)),
                farm);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(sink.of(JobEvent.ChunkFailed.class)).first().satisfies(e -> {
            assertThat(e.slot()).isEqualTo("slot-1");
            assertThat(e.reason()).contains("(EXR)").contains("truncated?");
        });
        assertThat(store.verifiedFrames()).containsOnlyKeys(1, 2, 3, 4);
        for (int f = 1; f <= 4; f++) {
            Path frame = out.resolve(String.format("shot_%04d.exr", f));
            assertThat(FrameVerifier.sha256(frame))
                    .isEqualTo(store.verifiedFrames().get(f).sha256());
        }
    }

    @Test
    void shouldTakeTheThumbnailsAndMovieFramesTheHostMadeOfOpenExrFramesAfterThem() throws Exception {
        assumeThat(Ffprobe.present()).as("ffmpeg installed").isTrue();
        ScriptedFarm farm = new ScriptedFarm(scratch, 2)
                .checkingOnHost()
                .script("slot-1", ScriptedFarm.Behaviour.RENDER_EXR)
                .script("slot-2", ScriptedFarm.Behaviour.RENDER_EXR);

        JobResult result = run("1-4", profile(), farm);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(sink.of(JobEvent.Sample.class))
                .filteredOn(e -> "thumbnail".equals(e.kind()))
                .hasSize(4)
                .allSatisfy(thumbnail -> assertThat(sink.events.indexOf(thumbnail))
                        .as("after its frame-done")
                        .isGreaterThan(sink.events.indexOf(sink.of(JobEvent.FrameDone.class).stream()
                                .filter(d -> d.frame() == thumbnail.frame())
                                .findFirst()
                                .orElseThrow())));
        assertThat(ImageIO.read(out.resolve("samples/thumb_shot_0004.png").toFile())
                        .getWidth())
                .isEqualTo(64);
        assertThat(Ffprobe.frames(out.resolve("samples/preview.mp4")))
                .as("every finished frame")
                .isEqualTo(4);
    }

    @Test
    void shouldMakeTheMovieOfPngFramesFromTheMovieFramesTheHostSent() throws Exception {
        assumeThat(Ffprobe.present()).as("ffmpeg installed").isTrue();
        ScriptedFarm farm = new ScriptedFarm(scratch, 2).checkingOnHost();

        JobResult result = run("1-5", profile(), farm);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(Ffprobe.videoStream(out.resolve("samples/preview.mp4"))).startsWith("h264,64,48,");
        assertThat(Ffprobe.frames(out.resolve("samples/preview.mp4"))).isEqualTo(5);
    }
}

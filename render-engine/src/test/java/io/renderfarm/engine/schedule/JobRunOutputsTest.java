package io.renderfarm.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.farm.RenderFarm;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.FrameFormat;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputFormat;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.testing.Ffprobe;
import io.renderfarm.engine.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a job run makes of its frames' formats and samples, on a scripted farm (stand-in renderers). */
class JobRunOutputsTest {
    @TempDir
    Path tmp;

    private Path out;
    private Path scratch;
    private DirectoryFrameStore store;
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void setUp() throws Exception {
        out = Files.createDirectories(tmp.resolve("out"));
        scratch = Files.createDirectories(tmp.resolve("scratch"));
        store = new DirectoryFrameStore(out);
    }

    private JobResult run(String frames, JobProfile profile, RenderFarm farm) throws Exception {
        RenderJob job = new RenderJob(
                "j1",
                tmp.resolve("scene.blend"),
                FrameSet.parse(frames),
                OutputNaming.withPrefix("shot_"),
                profile,
                List.of());
        return new JobRun(job, farm, store, sink, Clock.SYSTEM)
                .start()
                .completion()
                .get(60, TimeUnit.SECONDS);
    }

    private static JobProfile profile() {
        return JobProfile.defaults("blender").withPreview(PreviewSettings.OFF).withChunkSize(1);
    }

    @Test
    void shouldRenderACorruptedExrAgainElsewhereAndStoreFramesWithTheirRealExtension() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 2)
                .script("slot-1", ScriptedFarm.Behaviour.CORRUPT_EXR)
                .script("slot-2", ScriptedFarm.Behaviour.RENDER_EXR);

        JobResult result =
                run("1-4", profile().withBlocklistThreshold(1).withFormat(OutputFormat.of(FrameFormat.EXR)), farm);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(sink.of(JobEvent.ChunkFailed.class)).first().satisfies(e -> {
            assertThat(e.slot()).isEqualTo("slot-1");
            assertThat(e.reason()).contains("(EXR)").contains("truncated?");
            assertThat(e.willRetry()).isEqualTo(true);
        });
        assertThat(store.verifiedFrames()).containsOnlyKeys(1, 2, 3, 4);
        for (int f = 1; f <= 4; f++) {
            assertThat(out.resolve(String.format("shot_%04d.exr", f))).isRegularFile();
        }
    }

    @Test
    void shouldRenderStoredFramesAgainWhenTheProfileNowAsksForAnotherFormat() throws Exception {
        run("1-2", profile(), new ScriptedFarm(scratch, 1));
        ScriptedFarm again = new ScriptedFarm(scratch, 1).script("slot-1", ScriptedFarm.Behaviour.RENDER_EXR);

        JobResult result = run("1-2", profile().withFormat(OutputFormat.of(FrameFormat.EXR)), again);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(again.renderedFrames).containsExactlyInAnyOrder(1, 2);
        assertThat(out.resolve("shot_0001.exr")).isRegularFile();
        assertThat(store.verifiedFrames().get(1).location()).endsWith("shot_0001.exr");
    }

    @Test
    void shouldRefuseAFrameInAnotherFormatThanTheProfileAsks() throws Exception {
        ScriptedFarm farm = new ScriptedFarm(scratch, 1);

        JobResult result = run("1", profile().withRetries(0).withFormat(OutputFormat.of(FrameFormat.EXR)), farm);

        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(sink.of(JobEvent.ChunkFailed.class))
                .first()
                .satisfies(e -> assertThat(e.reason()).endsWith("is PNG, but the profile asks for exr"));
    }

    @Test
    void shouldRefuseAFormatNoSlotCanWriteBeforeAnythingRenders() throws Exception {
        Capabilities noExr = new Capabilities(
                Map.of("blender", "3.4.1"), 4, 8192, false, Map.of("blender", List.of("jpeg", "png", "png16", "tga")));
        ScriptedFarm farm =
                new ScriptedFarm(scratch, 2).capabilities("slot-1", noExr).capabilities("slot-2", noExr);

        JobResult result = run("1-3", profile().withFormat(OutputFormat.of(FrameFormat.EXR_MULTILAYER)), farm);

        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.reason())
                .contains("blender 3.4.1 cannot write exr-multilayer frames (it writes jpeg, png, png16, tga)");
        assertThat(farm.started).isEmpty();
    }

    @Test
    void shouldWriteTheFinalSheetAndMovieOfTheWholeShotBeforeTheJobFinishes() throws Exception {
        assumeThat(Ffprobe.present()).as("ffmpeg installed").isTrue();
        ScriptedFarm farm = new ScriptedFarm(scratch, 2);

        JobResult result = run("1-12", profile(), farm);

        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        List<String> order = sink.events.stream()
                .map(e -> e.type() + (e instanceof JobEvent.Sample s ? ":" + s.kind() : ""))
                .toList();
        int lastFrame = order.lastIndexOf("frame-done");
        assertThat(order.subList(lastFrame, order.size()))
                .as("after the last frame, before the end")
                .contains("sample:contact-sheet", "sample:movie")
                .endsWith("job-finished");
        JobEvent.Sample sheet = sink.of(JobEvent.Sample.class).stream()
                .filter(e -> "contact-sheet".equals(e.kind()))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(sheet.frame()).isEqualTo(12);
        assertThat(sink.of(JobEvent.Sample.class))
                .filteredOn(e -> "thumbnail".equals(e.kind()))
                .hasSize(12)
                .allSatisfy(thumbnail -> assertThat(sink.events.indexOf(thumbnail))
                        .as("after its frame-done")
                        .isGreaterThan(sink.events.indexOf(sink.of(JobEvent.FrameDone.class).stream()
                                .filter(d -> d.frame() == thumbnail.frame())
                                .findFirst()
                                .orElseThrow())));
        assertThat(Ffprobe.frames(out.resolve("samples/preview.mp4")))
                .as("every finished frame")
                .isEqualTo(12);
    }
}

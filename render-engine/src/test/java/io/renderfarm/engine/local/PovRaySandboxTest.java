package io.renderfarm.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.render.RendererSandbox;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.schedule.JobRun;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.engine.verify.FrameVerifier;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real POV-Ray scenes that reach outside their job — writing to {@code /tmp}, reading a file under {@code $HOME}
 * into their failure reason, overwriting another job's frame — are refused by the farm's sandbox (Linux Landlock),
 * while a scene that includes its own files and writes into its output folder renders as before. The control run
 * without the sandbox shows the same scene does escape.
 */
class PovRaySandboxTest {
    private static final String HEADER = "// renderfarm: width=16 height=12\n#version 3.7;\n";
    private static final String BODY = "camera { location <0, 0, -3> look_at 0 }\nlight_source { <2, 4, -3> rgb 1 }\n"
            + "sphere { 0, 1 pigment { rgb <1, 0, 0> } }\n";

    @TempDir
    Path tmp;

    private final List<Path> outside = new CopyOnWriteArrayList<>();
    private final List<LocalSlotFarm> farms = new CopyOnWriteArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        farms.forEach(LocalSlotFarm::close);
        for (Path p : outside) {
            Files.deleteIfExists(p);
        }
    }

    @Test
    void shouldRefuseASceneWritingToTmpThatEscapesWithoutTheSandbox() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path target = Path.of("/tmp", "rf-escape-" + UUID.randomUUID() + ".txt");
        outside.add(target);
        Path scene = scene("tmp", "#fopen F \"" + target + "\" write\n#write (F, \"escaped\\n\")\n#fclose F\n");

        JobResult confined = render(scene, RendererSandbox.ON);

        assertThat(confined.state()).isEqualTo(JobState.FAILED);
        assertThat(confined.reason()).contains("Cannot open user file");
        assertThat(target).doesNotExist();

        JobResult unconfined = render(scene, RendererSandbox.OFF);

        assertThat(unconfined.state())
                .as("the control: unconfined, the scene escapes")
                .isEqualTo(JobState.SUCCEEDED);
        assertThat(target).hasContent("escaped");
    }

    @Test
    void shouldRefuseASceneReadingAFileUnderHomeIntoItsFailureReason() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path secret = Path.of(System.getProperty("user.home"), ".rf-sandbox-" + UUID.randomUUID());
        outside.add(secret);
        Files.writeString(secret, "hunter2secret and more\n");
        Path included = scene("include", "#include \"" + secret + "\"\n");
        Path opened = scene("fopen", "#fopen F \"" + secret + "\" read\n#read (F, Word)\n#fclose F\n");

        JobResult viaInclude = render(included, RendererSandbox.ON);
        JobResult viaFopen = render(opened, RendererSandbox.ON);

        assertThat(viaInclude.state()).isEqualTo(JobState.FAILED);
        assertThat(viaInclude.reason()).contains("Cannot open include file").doesNotContain("hunter2secret");
        assertThat(viaFopen.state()).isEqualTo(JobState.FAILED);
        assertThat(viaFopen.reason()).contains("Cannot open user file").doesNotContain("hunter2secret");
        assertThat(render(included, RendererSandbox.OFF).reason())
                .as("the control: unconfined, it leaks")
                .contains("hunter2secret");
    }

    @Test
    void shouldRefuseASceneOverwritingAnotherJobsFrame() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path frame = tmp.resolve("data/jobs/other-job/out/shot_0001.png");
        TestScenes.writePng(frame, 8, 8, Color.BLUE);
        String before = FrameVerifier.sha256(frame);
        Path scene = scene("overwrite", "#fopen F \"" + frame + "\" write\n#write (F, \"garbage\")\n#fclose F\n");

        JobResult result = render(scene, RendererSandbox.ON);

        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(FrameVerifier.sha256(frame)).isEqualTo(before);
    }

    @Test
    void shouldRenderASceneThatIncludesItsOwnFilesAndWritesIntoItsOutputFolder() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        Path scene = TestScenes.povScene(tmp.resolve("own"), "own", 16, 12);
        Files.writeString(
                scene,
                Files.readString(scene)
                        + "#fopen F \"notes.txt\" write\n#write (F, \"inside\\n\")\n#fclose F\n#include \"colors.inc\"\n");

        JobResult result = render(scene, RendererSandbox.ON);

        assertThat(result.state()).as(result.reason()).isEqualTo(JobState.SUCCEEDED);
    }

    private Path scene(String name, String attempt) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("scenes").resolve(name));
        return Files.writeString(dir.resolve(name + ".pov"), HEADER + attempt + BODY);
    }

    /** One frame, no retry, on a one-slot farm with the given sandbox, into a fresh store. */
    private JobResult render(Path scene, RendererSandbox sandbox) throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(
                tmp.resolve("out").resolve(UUID.randomUUID().toString()));
        LocalSlotFarm farm =
                new LocalSlotFarm(1, RealRenderFixture.machine(), store.scratchRoot(), Map.of(), true, sandbox);
        farms.add(farm);
        JobProfile profile =
                JobProfile.defaults("povray").withPreview(PreviewSettings.OFF).withRetries(0);
        RenderJob job =
                new RenderJob("sandbox", scene, FrameSet.of(1), OutputNaming.withPrefix("shot_"), profile, List.of());
        return new JobRun(job, farm, store, e -> {}, Clock.SYSTEM)
                .start()
                .completion()
                .get(60, TimeUnit.SECONDS);
    }
}

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Blender scene carrying an auto-run script (a text block registered to run when the file loads), on a
 * render server whose Blender preferences allow auto-run: the farm's Blender does not run it, in a resident
 * process or one per chunk, unless the job's profile asks for scripts and the host allows them.
 */
class BlenderScriptsTest {
    /** Parameters come after "--", never spliced into the code. */
    private static final String GENERATOR = String.join(
            "\n",
            "import bpy, sys",
            "out, marker = sys.argv[sys.argv.index('--') + 1:]",
            "text = bpy.data.texts.new('rf_autorun.py')",
            "text.write('import pathlib\\npathlib.Path(%r).write_text(\"ran\")\\n' % marker)",
            "text.use_module = True",
            "scene = bpy.context.scene",
            "scene.render.engine = 'CYCLES'",
            "scene.cycles.samples = 1",
            "scene.cycles.use_denoising = False",
            "scene.render.resolution_x = 32",
            "scene.render.resolution_y = 24",
            "bpy.ops.wm.save_as_mainfile(filepath=out)");

    private static final String ALLOW_AUTORUN = "import bpy; bpy.context.preferences.filepaths.use_scripts_auto_execute"
            + " = True; bpy.ops.wm.save_userpref()";

    @TempDir
    Path tmp;

    private Path scene;
    private Path marker;
    private Path permissiveBlender;

    @BeforeEach
    void sceneAndPermissiveHost() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "needs blender");
        scene = tmp.resolve("scene/autorun.blend");
        marker = tmp.resolve("the-script-ran");
        Files.createDirectories(scene.getParent());
        blender(
                Map.of(),
                "-b",
                "--factory-startup",
                "--python-expr",
                GENERATOR,
                "--",
                scene.toString(),
                marker.toString());
        Path config = Files.createDirectories(tmp.resolve("blender-config"));
        blender(
                Map.of("BLENDER_USER_CONFIG", config.toString()),
                "-b",
                "--factory-startup",
                "--python-expr",
                ALLOW_AUTORUN);
        assertThat(config.resolve("userpref.blend")).exists();
        assertThat(marker).as("generating the scene ran nothing").doesNotExist();
        permissiveBlender = tmp.resolve("blender-with-autorun-preferences");
        Files.writeString(permissiveBlender, "#!/bin/sh\nBLENDER_USER_CONFIG='" + config + "' exec blender \"$@\"\n");
        Files.setPosixFilePermissions(permissiveBlender, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void shouldNotRunTheScenesScriptsInAResidentBlenderOrOnePerChunk() throws Exception {
        for (boolean resident : List.of(true, false)) {
            JobResult result = render(false, resident, permissiveBlender);

            assertThat(result.state()).as(result.reason()).isEqualTo(JobState.SUCCEEDED);
            assertThat(marker).as("resident " + resident).doesNotExist();
        }
    }

    @Test
    void shouldRunTheScenesScriptsWhenTheProfileAsksAndTheHostAllowsThem() throws Exception {
        JobResult refusedByTheHost = render(true, true, permissiveBlender, RendererSandbox.ON);

        assertThat(refusedByTheHost.state()).as(refusedByTheHost.reason()).isEqualTo(JobState.SUCCEEDED);
        assertThat(marker).as("asked for, but not allowed here").doesNotExist();

        JobResult result = render(true, true, Path.of("blender"), RendererSandbox.ON.allowingSceneScripts());

        assertThat(result.state()).as(result.reason()).isEqualTo(JobState.SUCCEEDED);
        assertThat(marker).hasContent("ran");
    }

    private JobResult render(boolean allowScripts, boolean resident, Path blender) throws Exception {
        return render(allowScripts, resident, blender, RendererSandbox.ON.allowingSceneScripts());
    }

    private JobResult render(boolean allowScripts, boolean resident, Path blender, RendererSandbox sandbox)
            throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(tmp.resolve("out-" + UUID.randomUUID()));
        JobProfile profile = JobProfile.defaults("blender")
                .withPreview(PreviewSettings.OFF)
                .withRetries(0)
                .withAllowScripts(allowScripts);
        try (LocalSlotFarm farm = new LocalSlotFarm(
                1,
                RealRenderFixture.machine(),
                store.scratchRoot(),
                Map.of("blender", blender.toString()),
                resident,
                sandbox)) {
            RenderJob job =
                    new RenderJob("scripts", scene, FrameSet.of(1), OutputNaming.withPrefix("s_"), profile, List.of());
            farm.prepare(job);
            return new JobRun(job, farm, store, e -> {}, Clock.SYSTEM)
                    .start()
                    .completion()
                    .get(2, TimeUnit.MINUTES);
        }
    }

    private static void blender(Map<String, String> env, String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("blender"));
        argv.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        Process p = builder.start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("blender " + String.join(" ", args)).isZero();
    }
}

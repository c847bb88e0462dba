package io.renderfarm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.testing.Ffprobe;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.server.faults.CliProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code renderfarm demo} as the Quick start runs it, in its own process: it says where the scene comes from, that
 * the job page lives only as long as the demo (and what keeps it up), and where the frames, samples and contact
 * sheet are; the site inside it logs nothing and nobody is told about a where=local nobody asked for.
 */
class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void shouldTellWhereEverythingIsWithoutTheSitesLogLines() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        Path out = tmp.resolve("renders/demo");

        CliProcess demo = CliProcess.start(tmp, Map.of(), "demo", "--frames", "2", "--out", out.toString());

        assertThat(demo.waitFor(Duration.ofMinutes(3))).as(demo.stderr()).isZero();
        String err = demo.stderr();
        String all = demo.stdout() + err;
        assertThat(err)
                .contains("renderfarm: generating the demo scene " + out.resolve("scene/demo.blend")
                        + " with examples/blender/demo_scene.py\n");
        assertThat(err)
                .containsPattern("renderfarm: job [a-z0-9-]+, its page: http://127\\.0\\.0\\.1:\\d+/job\\.html\\?id=")
                .contains(
                        "renderfarm: the page is up while the demo runs; add --keep-serving to keep it up afterwards\n")
                .contains("renderfarm: frames: " + out + "/demo_*.png\n")
                .contains("renderfarm: preview samples and thumbnails: " + out.resolve("samples") + "\n")
                .contains("renderfarm: contact sheet: " + out.resolve("samples/contact-sheet.png") + "\n")
                .endsWith(
                        "renderfarm: the demo's site stops now, and its web UI with it (--keep-serving keeps it up)\n");
        assertThat(all).doesNotContain("INFO", "JobManager", "where=local", "decision:");
        assertThat(demo.stdout()).startsWith("rendering 2 frames (1,2) with blender on 2 slots\n");
        assertThat(out.resolve("demo_0001.png")).isRegularFile();
        assertThat(out.resolve("demo_0002.png")).isRegularFile();
        assertThat(out.resolve("samples/contact-sheet.png")).isRegularFile();
        if (Ffprobe.present()) {
            assertThat(err).contains("renderfarm: preview movie: " + out.resolve("samples/preview.mp4") + "\n");
            assertThat(Ffprobe.frames(out.resolve("samples/preview.mp4"))).isEqualTo(2);
        }

        CliProcess again = CliProcess.start(tmp, Map.of(), "demo", "--frames", "2", "--out", out.toString(), "--json");

        assertThat(again.waitFor(Duration.ofMinutes(3))).as(again.stderr()).isZero();
        assertThat(again.stderr())
                .contains("renderfarm: the demo scene is " + out.resolve("scene/demo.blend")
                        + " (made by examples/blender/demo_scene.py; delete it to make it again)\n");
    }
}

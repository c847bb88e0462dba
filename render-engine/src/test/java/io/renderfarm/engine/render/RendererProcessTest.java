package io.renderfarm.engine.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A renderer's temporary files stay in the farm's folder and go with the process, however it ends. */
class RendererProcessTest {
    /** A stand-in doing what Blender does at start, a session folder under $TMPDIR; then it says where, and waits. */
    private static final List<String> MAKES_A_SESSION_FOLDER =
            List.of("sh", "-c", "mkdir \"${TMPDIR:?}/blender_x\" && echo \"$TMPDIR\" && exec sleep 30");

    @TempDir
    Path work;

    @Test
    void shouldGiveTheProcessATemporaryFolderInItsWorkFolderAndDeleteItWhenKilled() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        RendererProcess process = RendererProcess.start(MAKES_A_SESSION_FOLDER, work, Map.of(), lines::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> !lines.isEmpty());
        Path temp = Path.of(lines.get(0));

        assertThat(temp.getParent()).isEqualTo(work);
        assertThat(temp.resolve("blender_x")).isDirectory();

        process.killTree();

        assertThat(process.waitFor(Duration.ofSeconds(10))).isTrue();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(temp)
                        .as("the folder goes with the killed process")
                        .doesNotExist());
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void shouldHaveDeletedTheTemporaryFolderWhenWaitForReturns() throws Exception {
        // Many files make the deletion take long enough that a caller listing the folder at once would see it.
        List<String> manyFiles = List.of(
                "sh",
                "-c",
                "mkdir \"$TMPDIR/blender_x\" && cd \"$TMPDIR/blender_x\" && for i in $(seq 1 2000); do : > f$i; done");

        for (int run = 0; run < 3; run++) {
            RendererProcess process = RendererProcess.start(manyFiles, work, Map.of(), line -> {});

            assertThat(process.waitFor()).isZero();
            try (Stream<Path> left = Files.list(work)) {
                assertThat(left)
                        .as("nothing of the renderer's left once waitFor returned")
                        .isEmpty();
            }
        }
    }
}

package io.renderfarm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.testing.TestScenes;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example commands of the README and the docs work in a fresh clone: every scene they render or submit is a file
 * of the repository or one an example before makes ({@code demo}'s scene, a scene made with the Blender example
 * script), and the POV-Ray example scene renders.
 */
class ReadmeExamplesTest {
    /** {@code ./renderfarm render|submit SCENE}: the scene argument. */
    private static final Pattern SCENE_COMMAND = Pattern.compile("\\./renderfarm (?:render|submit) (\\S+)");
    /** {@code blender … --python SCRIPT -- OUT.blend …}: a scene made by an example script. */
    private static final Pattern MADE_WITH_SCRIPT = Pattern.compile("--python (\\S+) -- (\\S+\\.blend)");
    /** What {@code ./renderfarm demo} makes. */
    private static final String DEMO_SCENE = "renders/demo/scene/demo.blend";

    @TempDir
    Path tmp;

    private static List<Path> documents() throws IOException {
        Path root = Launcher.repository();
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    @Test
    void shouldRenderOnlyScenesTheRepositoryHasOrAnExampleMakes() throws Exception {
        Path root = Launcher.repository();
        Set<String> made = new LinkedHashSet<>(List.of(DEMO_SCENE));
        List<String> missing = new ArrayList<>();
        int commands = 0;
        for (Path doc : documents()) {
            for (String line : Files.readAllLines(doc)) {
                Matcher script = MADE_WITH_SCRIPT.matcher(line);
                if (script.find()) {
                    if (!Files.isRegularFile(root.resolve(script.group(1)))) {
                        missing.add(doc.getFileName() + ": script " + script.group(1));
                    }
                    made.add(script.group(2));
                }
                Matcher command = SCENE_COMMAND.matcher(line);
                while (command.find()) {
                    String scene = command.group(1);
                    if (scene.equals(scene.toUpperCase(java.util.Locale.ROOT))) {
                        continue; // a placeholder of a synopsis: SCENE
                    }
                    commands++;
                    if (!made.contains(scene) && !Files.isRegularFile(root.resolve(scene))) {
                        missing.add(doc.getFileName() + ": " + scene);
                    }
                }
            }
        }

        assertThat(commands).as("example render and submit commands found").isGreaterThan(5);
        assertThat(missing).as("scenes the examples name but nothing provides").isEmpty();
    }

    @Test
    void shouldRenderThePovRayExampleWithItsInclude() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        Path scene = Launcher.repository().resolve("examples/povray/orbit.pov");
        Path out = tmp.resolve("orbit");

        CliRun run = CliRun.of("render", scene.toString(), "--frames", "12", "--out", out.toString(), "--no-preview");

        assertThat(run.exitCode).as(run.err).isZero();
        BufferedImage frame = ImageIO.read(out.resolve("orbit_0012.png").toFile());
        assertThat(frame.getWidth()).isEqualTo(320);
        assertThat(frame.getHeight()).isEqualTo(240);
        assertThat(frame.getRGB(160, 200)).as("the floor, not the background").isNotEqualTo(frame.getRGB(160, 5));
    }
}

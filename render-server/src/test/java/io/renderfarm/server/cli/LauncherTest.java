package io.renderfarm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.testing.TestScenes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./renderfarm} on a machine without Blender and POV-Ray: help, an unknown command and refused input install
 * nothing; a render installs the one renderer it is about to use (through {@code $RENDERFARM_INSTALL_DEPS}, here a
 * stand-in that links the real program in) and then renders; a renderer that cannot be installed is one line.
 */
class LauncherTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    private Path bin;
    private Path installs;
    private Map<String, String> env;

    @BeforeEach
    void machineWithoutRenderers() throws Exception {
        bin = Launcher.toolsOnly(tmp.resolve("bin"));
        installs = tmp.resolve("installs.txt");
        env = new HashMap<>(Map.of(
                "PATH",
                bin.toString(),
                "HOME",
                tmp.resolve("home").toString(),
                "RENDERFARM_JAR",
                Launcher.cliJar(tmp.resolve("jar")).toString()));
    }

    private Launcher.Run renderfarm(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(
                List.of(Launcher.repository().resolve("renderfarm").toString()));
        command.addAll(List.of(args));
        return Launcher.run(tmp.resolve("work"), env, TIMEOUT, command);
    }

    /** An installer that records what it was asked for and, when {@code works}, puts the real program on PATH. */
    private void installer(boolean works) throws Exception {
        String link = works
                ? "for r in \"$@\"; do printf '#!/bin/bash\\nexec %s \"$@\"\\n' \"$(cat " + tmp.resolve("real-$r")
                        + ")\" > " + bin + "/$r; chmod +x " + bin + "/$r; done"
                : "echo 'install-deps: apt-get could not install' \"$@\" >&2; exit 1";
        env.put(
                "RENDERFARM_INSTALL_DEPS",
                Launcher.script(tmp.resolve("install-deps"), "echo \"$@\" >> " + installs + "\n" + link)
                        .toString());
    }

    @Test
    void shouldInstallNothingForHelpAnUnknownCommandOrRefusedInput() throws Exception {
        installer(true);

        assertThat(renderfarm("render", "--help").exit()).isZero();
        assertThat(renderfarm("serve", "--help").exit()).isZero();
        assertThat(renderfarm("demo", "--help").exit()).isZero();
        assertThat(renderfarm("frobnicate").exit()).isEqualTo(2);
        Launcher.Run missingScene = renderfarm("render", "nope.pov", "--frames", "1", "--out", "out");
        assertThat(missingScene.exit()).isEqualTo(2);
        assertThat(missingScene.err()).isEqualTo("renderfarm: scene not found: nope.pov\n");
        assertThat(renderfarm("demo", "--frames", "0").exit()).isEqualTo(2);

        assertThat(installs).as("what the installer was asked for").doesNotExist();
        assertThat(bin.resolve("povray")).doesNotExist();
    }

    @Test
    void shouldInstallTheRendererARenderIsAboutToUseThenRender() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        Files.writeString(tmp.resolve("real-povray"), Launcher.which("povray").toString());
        installer(true);
        Path scene = TestScenes.povScene(tmp.resolve("work/shot"), "orbit", 32, 24);

        Launcher.Run run = renderfarm("render", scene.toString(), "--frames", "1", "--out", "out", "--no-preview");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(installs).hasContent("povray");
        assertThat(run.err()).contains("renderfarm: povray not found; installing with " + tmp.resolve("install-deps"));
        assertThat(tmp.resolve("work/out/orbit_0001.png")).isRegularFile();
    }

    @Test
    void shouldSayInOneLineThatARendererCouldNotBeInstalled() throws Exception {
        installer(false);
        Path scene = TestScenes.povScene(tmp.resolve("work/shot"), "orbit", 32, 24);

        Launcher.Run run = renderfarm("render", scene.toString(), "--frames", "1", "--out", "out");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(installs).hasContent("povray");
        assertThat(run.err())
                .endsWith("renderfarm: povray is not installed and could not be installed ("
                        + tmp.resolve("install-deps")
                        + " exited 1); install it with apt-get (Debian) or your package manager,"
                        + " then run the command again\n");
        assertThat(tmp.resolve("work/out")).doesNotExist();
    }
}

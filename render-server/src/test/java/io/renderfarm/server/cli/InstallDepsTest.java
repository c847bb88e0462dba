package io.renderfarm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/install-deps} with a stand-in {@code apt-get} (and {@code sudo}) as chatty as the real one: the
 * terminal sees one line before and one after, not apt's hundreds; a failure shows apt's last lines and where the
 * rest is; a renderer already there installs nothing.
 */
class InstallDepsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private Path bin;

    @BeforeEach
    void machineWithoutRenderers() throws Exception {
        bin = Launcher.toolsOnly(tmp.resolve("bin"));
        Launcher.script(bin.resolve("sudo"), "exec \"$@\"");
    }

    private void aptGet(String installBody) throws Exception {
        Launcher.script(
                bin.resolve("apt-get"),
                String.join(
                        "\n",
                        "echo \"$@\" >> " + tmp.resolve("apt-calls.txt"),
                        "if [ \"$1\" = update ]; then for i in $(seq 1 300); do echo \"Get:$i http://deb.debian.org bookworm\"; done;"
                                + " exit 0; fi",
                        installBody));
    }

    private Launcher.Run installDeps(String... groups) throws Exception {
        List<String> command = new java.util.ArrayList<>(
                List.of(Launcher.repository().resolve("scripts/install-deps").toString()));
        command.addAll(List.of(groups));
        return Launcher.run(
                tmp.resolve("work"), Map.of("PATH", bin.toString(), "TMPDIR", tmp.toString()), TIMEOUT, command);
    }

    @Test
    void shouldKeepAptGetsOutputOffTheTerminal() throws Exception {
        aptGet("for i in $(seq 1 800); do echo \"Unpacking libfoo$i (1.0) ...\"; done\n" + "printf '#!/bin/bash\\n' > "
                + bin.resolve("povray") + "; chmod +x " + bin.resolve("povray"));

        Launcher.Run run = installDeps("povray");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err())
                .isEqualTo("install-deps: installing povray from Debian (a few minutes for Blender)...\n"
                        + "install-deps: installed povray\n");
        assertThat(run.out()).isEmpty();
        assertThat(tmp.resolve("apt-calls.txt")).content().contains("install -y -qq povray");
    }

    @Test
    void shouldShowTheEndOfAptGetsOutputAndWhereTheRestIsWhenItFails() throws Exception {
        aptGet("for i in $(seq 1 100); do echo \"Reading line $i\"; done\n"
                + "echo 'E: Unable to locate package povray' >&2; exit 100");

        Launcher.Run run = installDeps("povray");

        assertThat(run.exit()).isEqualTo(1);
        List<String> lines = run.err().lines().toList();
        assertThat(lines)
                .hasSizeLessThanOrEqualTo(22)
                .contains("E: Unable to locate package povray")
                .doesNotContain("Reading line 50");
        assertThat(lines.get(lines.size() - 1))
                .startsWith("install-deps: apt-get could not install povray; its whole" + " output is in "
                        + tmp.resolve("install-deps."));
    }

    @Test
    void shouldInstallNothingThatIsThere() throws Exception {
        aptGet("exit 0");
        Launcher.script(bin.resolve("povray"), "exit 0");

        Launcher.Run run = installDeps("povray");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(tmp.resolve("apt-calls.txt")).doesNotExist();
    }
}

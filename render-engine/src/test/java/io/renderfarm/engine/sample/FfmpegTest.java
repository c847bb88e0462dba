package io.renderfarm.engine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ffmpeg reads files renderers wrote, so it gets no more of the host's environment than a renderer does. */
class FfmpegTest {
    @TempDir
    Path dir;

    @Test
    void shouldPassOnOnlyWhatARendererGetsAndItsOwnTemporaryFolder() {
        Map<String, String> passed = Ffmpeg.environment(
                Map.of(
                        "RENDERFARM_TOKEN",
                        "secret",
                        "PATH",
                        "/usr/bin",
                        "JAVA_TOOL_OPTIONS",
                        "-Xmx1g",
                        "LC_ALL",
                        "C.UTF-8"),
                dir);

        assertThat(passed)
                .containsOnly(
                        Map.entry("PATH", "/usr/bin"),
                        Map.entry("LC_ALL", "C.UTF-8"),
                        Map.entry("TMPDIR", dir.toAbsolutePath().toString()));
    }

    @Test
    void shouldStartFfmpegWithThatEnvironment() throws Exception {
        Path fake = dir.resolve("ffmpeg");
        Files.writeString(fake, "#!/bin/sh\nenv > env.txt\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        Path folder = Files.createDirectories(dir.resolve("work"));

        String problem = new Ffmpeg(fake.toString(), null).run(List.of("-version"), folder, Duration.ofSeconds(10));

        assertThat(problem).isNull();
        List<String> env = Files.readAllLines(folder.resolve("env.txt"));
        assertThat(env).contains("TMPDIR=" + folder.toAbsolutePath());
        assertThat(env).noneMatch(line -> line.startsWith("RENDERFARM_") || line.startsWith("JAVA_HOME="));
    }
}

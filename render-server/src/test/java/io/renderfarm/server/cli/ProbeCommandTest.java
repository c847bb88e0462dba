package io.renderfarm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.testing.TestScenes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code renderfarm probe} on this machine: the renderers with the formats each writes, and why a slot refuses. */
class ProbeCommandTest {
    @TempDir
    Path tmp;

    @Test
    void shouldListTheFormatsEachRendererWritesAndRefuseAFormatItCannot() throws Exception {
        assumeTrue(TestScenes.hasBlender() && TestScenes.hasPovray(), "blender and povray are not installed");
        Path profile = Files.writeString(
                tmp.resolve("pov-tiff.json"),
                "{\"name\": \"pov-tiff\", \"renderer\": \"povray\", \"format\": \"tiff\"}");

        CliRun run = CliRun.of("probe", "--slots", "1", "--profile", profile.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out.lines())
                .anySatisfy(
                        line -> assertThat(line)
                                .matches(
                                        "renderer  blender 3\\.4\\.1 \\(writes exr, exr-multilayer, jpeg, png, png16, tga, tiff\\)"));
        assertThat(run.out.lines())
                .anySatisfy(line -> assertThat(line)
                        .matches("renderer  povray 3\\.7\\.\\S+ \\(writes exr, jpeg, png, png16, tga\\)"));
        assertThat(run.out.lines())
                .anySatisfy(
                        line -> assertThat(line)
                                .matches(
                                        "slot      slot-1  idle  cannot render"
                                                + " pov-tiff: povray 3\\.7\\.\\S+ cannot write tiff frames \\(it writes exr, jpeg, png, png16, tga\\)"));
    }
}

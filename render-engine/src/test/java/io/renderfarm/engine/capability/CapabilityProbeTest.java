package io.renderfarm.engine.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.renderfarm.engine.render.OutputParser;
import io.renderfarm.engine.render.RenderInvocation;
import io.renderfarm.engine.render.Renderer;
import io.renderfarm.engine.render.Renderers;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs against this machine, where Blender 3.4 and POV-Ray 3.7 are installed. */
class CapabilityProbeTest {

    /** Just enough of a renderer to ask its version, so this test does not depend on the real adapters. */
    private record VersionOnly(
            String name, String defaultExecutable, Function<String, List<String>> argv, Pattern version)
            implements Renderer {
        @Override
        public List<String> versionCommand(String executable) {
            return argv.apply(executable);
        }

        @Override
        public Optional<String> parseVersion(String output) {
            Matcher m = version.matcher(output);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }

        @Override
        public Optional<String> rejectScene(Path scene) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> command(RenderInvocation invocation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public OutputParser newParser(RenderInvocation invocation) {
            throw new UnsupportedOperationException();
        }
    }

    private static final Renderer BLENDER = new VersionOnly(
            "blender", "blender", exe -> List.of(exe, "--version"), Pattern.compile("Blender (\\d+(?:\\.\\d+)+)"));
    // POV-Ray prints its banner on stderr, which the probe reads too.
    private static final Renderer POVRAY = new VersionOnly(
            "povray", "povray", exe -> List.of(exe, "--version"), Pattern.compile("POV-Ray (\\d+(?:\\.\\d+)+)"));

    @Test
    void shouldFindTheInstalledRenderersAndTheirVersions() {
        Capabilities found = new CapabilityProbe().probe(List.of(BLENDER, POVRAY));

        assertThat(found.versionOf("blender")).isEqualTo("3.4.1");
        assertThat(found.versionOf("povray")).startsWith("3.7.");
    }

    @Test
    void shouldProbeThroughTheFarmsOwnAdapters() {
        Capabilities found = new CapabilityProbe().probe(Renderers.all());

        assertThat(found.versionOf("blender")).isEqualTo("3.4.1");
        assertThat(found.versionOf("povray")).startsWith("3.7.");
        assertThat(CapabilityLabels.labels(found)).contains("blender", "blender-3.4", "povray-3.7");
    }

    @Test
    void shouldRecordTheFormatsEachRendererBuildWritesAndCacheThem(@TempDir Path dir) {
        RendererVersionCache cache = new RendererVersionCache(dir.resolve("versions.tsv"));

        Capabilities found = new CapabilityProbe().withVersionCache(cache).probe(Renderers.all());

        assertThat(found.formatsOf("blender"))
                .containsExactly("exr", "exr-multilayer", "jpeg", "png", "png16", "tga", "tiff");
        assertThat(found.formatsOf("povray")).containsExactly("exr", "jpeg", "png", "png16", "tga");
        assertThat(cache.version("blender:formats", "blender", () -> Optional.of("not asked again")))
                .contains("exr exr-multilayer jpeg png png16 tga tiff");
    }

    @Test
    void shouldRunAConfiguredExecutableInsteadOfTheDefault() {
        Capabilities found = new CapabilityProbe().probe(List.of(BLENDER), Map.of("blender", "/usr/bin/blender"));

        assertThat(found.renderers()).containsOnlyKeys("blender");
    }

    @Test
    void shouldLeaveOutARendererThatIsNotInstalled() {
        Renderer missing = new VersionOnly(
                "maya", "no-such-renderer-anywhere", exe -> List.of(exe, "-v"), Pattern.compile("(\\d+)"));

        Capabilities found = new CapabilityProbe().probe(List.of(missing, BLENDER));

        assertThat(found.renderers()).containsOnlyKeys("blender");
    }

    @Test
    void shouldLeaveOutARendererThatPrintsNoVersion() {
        Renderer silent = new VersionOnly("silent", "true", List::of, Pattern.compile("(\\d+)"));

        assertThat(new CapabilityProbe().probe(List.of(silent)).has("silent")).isFalse();
    }

    @Test
    void shouldGiveUpOnARendererThatHangs() {
        Renderer hanging = new VersionOnly("hang", "sleep", exe -> List.of(exe, "30"), Pattern.compile("(\\d+)"));
        long start = System.nanoTime();

        Capabilities found = new CapabilityProbe(Duration.ofMillis(300)).probe(List.of(hanging));

        assertThat(found.has("hang")).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldGiveTheProgramATemporaryFolderOfItsOwnAndRemoveItEvenAfterATimeout(@TempDir Path dir) throws Exception {
        // A stand-in that does what Blender does at start: makes its session folder under $TMPDIR; then it hangs.
        Path told = dir.resolve("tmpdir.txt");
        Renderer hanging = new VersionOnly(
                "hang",
                "sh",
                exe -> List.of(
                        exe, "-c", "mkdir \"${TMPDIR:?}/blender_x\" && echo \"$TMPDIR\" > '" + told + "' && sleep 30"),
                Pattern.compile("(\\d+)"));

        new CapabilityProbe(Duration.ofMillis(1500)).probe(List.of(hanging));

        Path temp = Path.of(Files.readString(told).strip());
        assertThat(temp.getFileName().toString()).startsWith("renderfarm-probe");
        assertThat(temp).as("killed at the timeout, its folder is gone with it").doesNotExist();
    }

    @Test
    void shouldNotInterpretArgumentsThroughAShell() {
        Renderer echo = new VersionOnly(
                "echo",
                "echo",
                exe -> List.of(exe, "1.2; exit 7", "$(echo 9.9)"),
                Pattern.compile("^(\\S+; exit 7 \\$\\(echo 9\\.9\\))"));

        assertThat(new CapabilityProbe().probe(List.of(echo)).versionOf("echo")).isEqualTo("1.2; exit 7 $(echo 9.9)");
    }

    @Test
    void shouldReportTheCoresTheJvmMayUse() {
        assertThat(new CapabilityProbe().probe(List.of()).cores())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void shouldReportMemoryNoLargerThanMemTotal() throws Exception {
        long memTotalKb = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(line -> line.startsWith("MemTotal:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst()
                .orElseThrow();

        long ramMb = new CapabilityProbe().ramMb();

        assertThat(ramMb).isPositive().isLessThanOrEqualTo(memTotalKb / 1024);
    }

    @Test
    void shouldReadMemTotalFromMeminfo(@TempDir Path dir) throws Exception {
        Path meminfo =
                Files.writeString(dir.resolve("meminfo"), "MemTotal:        4194304 kB\nMemFree:         1000 kB\n");

        CapabilityProbe probe = new CapabilityProbe(Duration.ofSeconds(5), meminfo, dir);

        assertThat(probe.memTotalKb()).hasValue(4194304);
        assertThat(probe.ramMb()).isLessThanOrEqualTo(4096).isPositive();
    }

    @Test
    void shouldFallBackToTheJvmWhenMeminfoIsMissingOrGarbled(@TempDir Path dir) throws Exception {
        Path garbled = Files.writeString(dir.resolve("meminfo"), "MemTotal: lots\n");

        assertThat(new CapabilityProbe(Duration.ofSeconds(5), dir.resolve("absent"), dir).ramMb())
                .isPositive();
        CapabilityProbe garbledProbe = new CapabilityProbe(Duration.ofSeconds(5), garbled, dir);
        assertThat(garbledProbe.memTotalKb()).isEmpty();
        assertThat(garbledProbe.ramMb()).isPositive();
    }

    @Test
    void shouldSeeAGpuThroughAnNvidiaDevice(@TempDir Path dev) throws Exception {
        Files.createFile(dev.resolve("nvidia0"));

        assertThat(new CapabilityProbe(Duration.ofSeconds(5), Path.of("/proc/meminfo"), dev).gpu())
                .isTrue();
    }

    @Test
    void shouldSeeAGpuThroughADrmRenderNode(@TempDir Path dev) throws Exception {
        Files.createDirectories(dev.resolve("dri"));
        Files.createFile(dev.resolve("dri/renderD128"));

        assertThat(new CapabilityProbe(Duration.ofSeconds(5), Path.of("/proc/meminfo"), dev).gpu())
                .isTrue();
    }

    @Test
    void shouldSeeNoGpuWithoutDevicesOrNvidiaSmi(@TempDir Path dev) throws Exception {
        assumeThat(onPath("nvidia-smi")).as("nvidia-smi is installed here").isFalse();
        Files.createDirectories(dev.resolve("dri"));
        Files.createFile(dev.resolve("dri/card0"));

        assertThat(new CapabilityProbe(Duration.ofSeconds(5), Path.of("/proc/meminfo"), dev).gpu())
                .isFalse();
    }

    @Test
    void shouldRejectANonPositiveTimeout() {
        assertThatThrownBy(() -> new CapabilityProbe(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("probe timeout must be positive");
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}

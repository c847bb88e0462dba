package io.renderfarm.engine.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.Requirements;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapabilityLabelsTest {

    @Test
    void shouldLabelRenderersVersionsGpuCoresAndMemory() {
        Capabilities capabilities =
                new Capabilities(Map.of("blender", "3.4.1", "povray", "3.7.0.10.unofficial"), 16, 65536, true);

        assertThat(CapabilityLabels.labels(capabilities))
                .containsExactly(
                        "blender",
                        "blender-3.4",
                        "blender-3.4.1",
                        "cores-16",
                        "gpu",
                        "povray",
                        "povray-3.7",
                        "povray-3.7.0",
                        "povray-3.7.0.10",
                        "ram-64g");
    }

    @Test
    void shouldLabelEachListedGpusBackendsTheirCountAndTheSmallestOnesMemory() {
        Capabilities twoCards = new Capabilities(
                Map.of("blender", "3.4.1"),
                32,
                131072,
                true,
                java.util.List.of(GpuAssignmentTest.RTX_0, GpuAssignmentTest.RTX_1));
        Capabilities mixed = new Capabilities(
                Map.of(), 8, 16384, true, java.util.List.of(GpuAssignmentTest.RTX_0, GpuAssignmentTest.K5000));

        assertThat(CapabilityLabels.labels(twoCards))
                .contains("gpu", "gpu-cuda", "gpu-optix", "gpu-count-2", "gpu-mem-24g")
                .noneMatch(l -> l.equals("gpu-hip") || l.equals("gpu-oneapi"));
        assertThat(CapabilityLabels.labels(mixed)).contains("gpu-count-2", "gpu-mem-3g", "gpu-optix");
        assertThat(CapabilityLabels.labels(
                        new Capabilities(Map.of(), 8, 16384, true, java.util.List.of(GpuAssignmentTest.ARC))))
                .as("no memory label for a GPU whose memory is not known")
                .contains("gpu-oneapi", "gpu-count-1")
                .noneMatch(l -> l.startsWith("gpu-mem-"));
    }

    @Test
    void shouldAskForTheNamedBackendsLabel() {
        JobProfile optix = JobProfile.defaults("blender")
                .withRequirements(new Requirements(0, 0, true, io.renderfarm.engine.job.GpuBackend.OPTIX));

        assertThat(CapabilityLabels.labelExpression(optix)).isEqualTo("blender && gpu-optix");
        assertThat(CapabilityLabels.labelExpression(
                        JobProfile.defaults("blender").withRequirements(new Requirements(0, 0, true))))
                .isEqualTo("blender && gpu");
    }

    @Test
    void shouldRoundMemoryDownToWholeGibibytes() {
        Capabilities capabilities = new Capabilities(Map.of(), 2, 24105, false);

        assertThat(CapabilityLabels.labels(capabilities)).containsExactly("cores-2", "ram-23g");
    }

    @Test
    void shouldLabelAVersionWithOnlyAMajorAsMajorDotZero() {
        assertThat(CapabilityLabels.labels(new Capabilities(Map.of("blender", "4"), 1, 512, false)))
                .containsExactly("blender", "blender-4.0", "cores-1", "ram-0g");
    }

    @Test
    void shouldLabelOnlyTheNameOfARendererWithoutANumericVersion() {
        assertThat(CapabilityLabels.labels(new Capabilities(Map.of("blender", "nightly"), 1, 1024, false)))
                .contains("blender")
                .noneMatch(label -> label.startsWith("blender-"));
    }

    @Test
    void shouldDropReportedRendererNamesThatAreNotKnownRenderersOrNotPlainAtoms() {
        Map<String, String> reported = new java.util.HashMap<>();
        reported.put("povray", "3.7.0");
        reported.put("built-in", "1.0");
        reported.put("render-01", "1.0");
        reported.put("blender || secret", "4.2");
        reported.put("Blender", "4.2");
        reported.put("\"quoted\"", "1");
        reported.put("x".repeat(40), "1");

        assertThat(CapabilityLabels.labels(new Capabilities(reported, 2, 2048, false)))
                .containsExactly("cores-2", "povray", "povray-3.7", "povray-3.7.0", "ram-2g");
    }

    @ParameterizedTest
    @CsvSource({"blender, true", "povray, true", "maya, false", "'', false", "'blender ', false", "gpu, false"})
    void shouldTakeOnlyKnownRendererNamesAsLabels(String name, boolean label) {
        assertThat(CapabilityLabels.isRendererLabel(name)).isEqualTo(label);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "blender | \"\"          | false | blender",
                "blender | 3.4           | false | blender-3.4",
                "blender | 3.4.x         | true  | blender-3.4 && gpu",
                "blender | 3.4.1         | false | blender-3.4.1",
                "povray  | 3.7.0         | false | povray-3.7.0",
                "blender | >=3.0         | true  | blender && gpu",
                "blender | >=3.0 <4      | false | blender",
                "blender | 3.x           | false | blender",
                "blender | 3.4 >=3.4.1   | false | blender-3.4",
            })
    void shouldExpressTheRendererPinnedVersionAndGpu(
            String renderer, String constraint, boolean gpu, String expression) {
        JobProfile profile = JobProfile.defaults(renderer)
                .withVersionConstraint(constraint)
                .withRequirements(new Requirements(0, 0, gpu));

        assertThat(CapabilityLabels.labelExpression(profile)).isEqualTo(expression);
    }

    @Test
    void shouldQuoteARendererNameThatIsNotAPlainAtom() {
        assertThat(CapabilityLabels.labelExpression(JobProfile.defaults("my renderer")))
                .isEqualTo("\"my renderer\"");
    }

    @Test
    void shouldLeaveCoresAndMemoryToTheSlotMatcher() {
        JobProfile profile = JobProfile.defaults("blender").withRequirements(new Requirements(32, 131072, false));

        assertThat(CapabilityLabels.labelExpression(profile)).isEqualTo("blender");
    }

    @Test
    void shouldSelectEveryAgentTheSlotMatcherAccepts() {
        Capabilities capabilities = new Capabilities(Map.of("blender", "3.4.1"), 16, 65536, true);
        JobProfile profile = JobProfile.defaults("blender")
                .withVersionConstraint("3.4.1")
                .withRequirements(new Requirements(0, 0, true));
        RenderSlot slot = new RenderSlot("a", "h", capabilities, SlotStatus.IDLE);

        assertThat(SlotMatcher.match(profile, slot).capable()).isTrue();
        assertThat(CapabilityLabels.labels(capabilities))
                .contains(CapabilityLabels.labelExpression(profile).split(" && "));
    }

    @Test
    void shouldRejectAMalformedConstraint() {
        JobProfile profile = JobProfile.defaults("blender").withVersionConstraint("3.4;rm");

        assertThatThrownBy(() -> CapabilityLabels.labelExpression(profile))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'3.4;rm'");
    }
}

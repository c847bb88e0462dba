package io.renderfarm.engine.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderfarm.engine.capability.SlotMatcher.MatchResult;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.Requirements;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlotMatcherTest {

    private static final Capabilities WORKSTATION =
            new Capabilities(Map.of("blender", "3.4.1", "povray", "3.7.0.10"), 16, 65536, true);

    private static RenderSlot slot(String id, Capabilities capabilities, SlotStatus status) {
        return new RenderSlot(id, "host-" + id, capabilities, status);
    }

    private static JobProfile blender(String constraint, Requirements requirements) {
        return JobProfile.defaults("blender").withVersionConstraint(constraint).withRequirements(requirements);
    }

    @Test
    void shouldMatchASlotThatOffersEverything() {
        MatchResult result = SlotMatcher.match(
                blender(">=3.0", new Requirements(8, 32768, true)), slot("a", WORKSTATION, SlotStatus.IDLE));

        assertThat(result.capable()).isTrue();
        assertThat(result.reasons()).isEmpty();
    }

    @Test
    void shouldRefuseAGpuSlotWhoseGpuLacksTheProfilesBackendNamingWhatItHas() {
        Capabilities k5000 = WORKSTATION.withOnlyGpu(GpuAssignmentTest.K5000);
        JobProfile optix = blender("", new Requirements(0, 0, true, io.renderfarm.engine.job.GpuBackend.OPTIX));
        JobProfile any = blender("", new Requirements(0, 0, true));

        assertThat(SlotMatcher.match(optix, slot("gpu-2", k5000, SlotStatus.IDLE))
                        .reasons())
                .containsExactly("no GPU offers optix (has Quadro K5000: cuda)");
        assertThat(SlotMatcher.match(any, slot("gpu-2", k5000, SlotStatus.IDLE)).capable())
                .isTrue();
        assertThat(SlotMatcher.match(any, slot("slot-1", WORKSTATION.withoutGpus(), SlotStatus.IDLE))
                        .reasons())
                .containsExactly("no GPU");
    }

    @Test
    void shouldMatchABusySlot() {
        assertThat(SlotMatcher.match(JobProfile.defaults("povray"), slot("a", WORKSTATION, SlotStatus.BUSY))
                        .capable())
                .isTrue();
    }

    @Test
    void shouldMatchRequirementsExactlyAtTheLimit() {
        assertThat(SlotMatcher.match(
                                blender("3.4.1", new Requirements(16, 65536, false)),
                                slot("a", WORKSTATION, SlotStatus.IDLE))
                        .capable())
                .isTrue();
    }

    @Test
    void shouldSayTheRendererIsMissing() {
        Capabilities povrayOnly = new Capabilities(Map.of("povray", "3.7.0.10"), 16, 65536, true);

        assertThat(SlotMatcher.match(blender("", Requirements.NONE), slot("a", povrayOnly, SlotStatus.IDLE))
                        .reasons())
                .containsExactly("no blender installed");
    }

    @Test
    void shouldSayTheVersionDoesNotSatisfyTheConstraint() {
        Capabilities old = new Capabilities(Map.of("blender", "2.93"), 16, 65536, true);

        assertThat(SlotMatcher.match(blender(">=3.0", Requirements.NONE), slot("a", old, SlotStatus.IDLE))
                        .reasons())
                .containsExactly("blender 2.93 does not satisfy >=3.0");
    }

    @Test
    void shouldListEveryReasonAtOnce() {
        Capabilities small = new Capabilities(Map.of("blender", "2.93"), 2, 8192, false);

        MatchResult result = SlotMatcher.match(
                blender(">=3.0", new Requirements(4, 16384, true)), slot("a", small, SlotStatus.OFFLINE));

        assertThat(result.capable()).isFalse();
        assertThat(result.reasons())
                .containsExactly(
                        "slot is offline",
                        "blender 2.93 does not satisfy >=3.0",
                        "2 cores < 4 required",
                        "8192 MiB RAM < 16384 MiB required",
                        "no GPU");
    }

    @Test
    void shouldRefuseAnOfflineSlotThatWouldOtherwiseMatch() {
        assertThat(SlotMatcher.match(JobProfile.defaults("blender"), slot("a", WORKSTATION, SlotStatus.OFFLINE))
                        .reasons())
                .containsExactly("slot is offline");
    }

    @Test
    void shouldTrustTheLabelForASlotWhoseMachineACloudHasNotStartedYet() {
        Capabilities unknown = new Capabilities(Map.of(), 0, 0, false);

        assertThat(SlotMatcher.match(
                                blender("3.4", new Requirements(8, 32768, true)),
                                slot("cloud#0", unknown, SlotStatus.PROVISIONABLE))
                        .capable())
                .isTrue();
        assertThat(SlotMatcher.match(blender("3.4", Requirements.NONE), slot("a", unknown, SlotStatus.IDLE))
                        .reasons())
                .containsExactly("no blender installed");
    }

    @Test
    void shouldLetOnlyIdleAndProvisionableSlotsTakeWork() {
        assertThat(SlotStatus.IDLE.takesWork()).isTrue();
        assertThat(SlotStatus.PROVISIONABLE.takesWork()).isTrue();
        assertThat(SlotStatus.BUSY.takesWork()).isFalse();
        assertThat(SlotStatus.OFFLINE.takesWork()).isFalse();
    }

    @Test
    void shouldMatchAllSlotsInTheirOrder() {
        RenderSlot strong = slot("strong", WORKSTATION, SlotStatus.IDLE);
        RenderSlot weak = slot("weak", new Capabilities(Map.of("blender", "3.4.1"), 2, 4096, false), SlotStatus.IDLE);
        RenderSlot gone = slot("gone", WORKSTATION, SlotStatus.OFFLINE);

        Map<RenderSlot, MatchResult> results =
                SlotMatcher.matchAll(blender("3.4", new Requirements(4, 0, false)), List.of(weak, strong, gone));

        assertThat(results.keySet()).containsExactly(weak, strong, gone);
        assertThat(results.get(strong).capable()).isTrue();
        assertThat(results.get(weak).reasons()).containsExactly("2 cores < 4 required");
        assertThat(results.get(gone).reasons()).containsExactly("slot is offline");
        assertThatThrownBy(() -> results.clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldGiveNoResultsForNoSlots() {
        assertThat(SlotMatcher.matchAll(JobProfile.defaults("blender"), List.of()))
                .isEmpty();
    }

    @Test
    void shouldRejectAMalformedVersionConstraintAsAConfigurationError() {
        JobProfile broken = blender(">=three", Requirements.NONE);

        assertThatThrownBy(() -> SlotMatcher.match(broken, slot("a", WORKSTATION, SlotStatus.IDLE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'>=three'");
        assertThatThrownBy(() -> SlotMatcher.matchAll(broken, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepReasonsImmutable() {
        MatchResult result = new MatchResult(new java.util.ArrayList<>(List.of("no GPU")));
        assertThatThrownBy(() -> result.reasons().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(MatchResult.CAPABLE.capable()).isTrue();
    }
}

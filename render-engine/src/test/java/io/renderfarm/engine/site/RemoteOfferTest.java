package io.renderfarm.engine.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.job.JobProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteOfferTest {
    private static final Capabilities BLENDER = new Capabilities(Map.of("blender", "3.4.1"), 8, 16_000, false);
    private static final RemoteOffer UP = new RemoteOffer("http://a", true, 2, 1, null);

    private static SiteInfo site(Capabilities caps, SlotStatus... statuses) {
        List<SlotView> slots = java.util.stream.IntStream.range(0, statuses.length)
                .mapToObj(i -> new SlotView("slot-" + (i + 1), "render2", statuses[i], null, null, null)).toList();
        return new SiteInfo("render2", "0.1.0", 1, "render2", caps, List.of(), slots, Map.of(), Map.of(), List.of());
    }

    @Test
    void shouldCountTheRemoteSlotsThatCanRenderTheJobAndAreIdle() {
        RemoteOffer offer = RemoteOffer.from("http://r", site(BLENDER, SlotStatus.IDLE, SlotStatus.BUSY, SlotStatus.OFFLINE),
                JobProfile.defaults("blender"));

        assertThat(offer).isEqualTo(new RemoteOffer("http://r", true, 2, 1, null));
    }

    @Test
    void shouldOfferNothingForARendererTheRemoteLacks() {
        RemoteOffer offer = RemoteOffer.from("http://r", site(BLENDER, SlotStatus.IDLE), JobProfile.defaults("povray"));

        assertThat(offer.reachable()).isTrue();
        assertThat(offer.capableSlots()).isZero();
    }

    @Test
    void shouldPreferAReachableOfferThenMoreIdleSlots() {
        RemoteOffer down = RemoteOffer.unreachable("http://b", "connection refused");
        RemoteOffer idler = new RemoteOffer("http://c", true, 2, 2, null);

        assertThat(RemoteOffer.better(down, UP)).isSameAs(UP);
        assertThat(RemoteOffer.better(UP, idler)).isSameAs(idler);
        assertThat(RemoteOffer.better(null, down)).isSameAs(down);
    }

    @Test
    void shouldAskForAnOfferExactlyWhenTheDecisionCouldDependOnIt() {
        Duration threshold = Duration.ofSeconds(60);
        List<LocalAvailability> cases = List.of(new LocalAvailability(2, 1, 0, 10, false),
                new LocalAvailability(2, 0, 4, 10, false), new LocalAvailability(2, 0, 100, 10, false),
                new LocalAvailability(0, 0, 0, Double.NaN, false), new LocalAvailability(1, 0, 50, Double.NaN, true),
                new LocalAvailability(0, 0, 0, Double.NaN, true));
        for (LocalAvailability local : cases) {
            boolean needs = SiteRouter.needsRemoteOffer(Where.AUTO, local, threshold);
            Decision withRemote = SiteRouter.decide(Where.AUTO, local, UP, threshold);
            Decision without = SiteRouter.decide(Where.AUTO, local, null, threshold);

            assertThat(needs).as("%s", local).isEqualTo(!withRemote.equals(without));
        }
        assertThat(SiteRouter.needsRemoteOffer(Where.REMOTE, cases.get(0), threshold)).isTrue();
        assertThat(SiteRouter.needsRemoteOffer(Where.LOCAL, cases.get(2), threshold)).isFalse();
    }
}

package io.renderfarm.engine.site.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderfarm.engine.site.api.Decision;
import io.renderfarm.engine.site.api.LocalAvailability;
import io.renderfarm.engine.site.api.Where;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SitePlacementTest {
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final LocalAvailability IDLE = new LocalAvailability(2, 1, 0, 10, false);
    private static final LocalAvailability BUSY = new LocalAvailability(2, 0, 100, 10, false); // 500 s wait
    private static final LocalAvailability SHORT_QUEUE = new LocalAvailability(2, 0, 10, 10, false); // 50 s wait
    private static final RemoteOffer REMOTE = new RemoteOffer("http://127.0.0.1:9001", true, 4, 3, false, null);
    private static final RemoteOffer DOWN = RemoteOffer.unreachable("http://127.0.0.1:9001", "connection refused");

    @Test
    void shouldObeyWhereLocalEvenWhenBusy() {
        Decision d = SitePlacement.decide(Where.LOCAL, BUSY, REMOTE, FIVE_MINUTES);

        assertThat(d.where()).isEqualTo(Where.LOCAL);
        assertThat(d.reason()).isEqualTo("where=local was asked");
    }

    @Test
    void shouldObeyWhereRemoteEvenWhenIdle() {
        Decision d = SitePlacement.decide(Where.REMOTE, IDLE, REMOTE, FIVE_MINUTES);

        assertThat(d.where()).isEqualTo(Where.REMOTE);
        assertThat(d.site()).isEqualTo("http://127.0.0.1:9001");
    }

    @Test
    void shouldRefuseWhereRemoteWithoutARemoteSite() {
        assertThatThrownBy(() -> SitePlacement.decide(Where.REMOTE, IDLE, null, FIVE_MINUTES))
                .isInstanceOf(PlacementException.class)
                .hasMessageContaining("no remote site is configured");
    }

    @Test
    void shouldRefuseWhereRemoteWhenTheRemoteSiteIsDown() {
        assertThatThrownBy(() -> SitePlacement.decide(Where.REMOTE, IDLE, DOWN, FIVE_MINUTES))
                .isInstanceOf(PlacementException.class)
                .hasMessageContaining("unreachable")
                .hasMessageContaining("connection refused");
    }

    @Test
    void shouldRefuseWhereRemoteWhenTheRemoteSiteCannotRenderTheJob() {
        RemoteOffer incapable = new RemoteOffer("http://r", true, 0, 0, false, null);

        assertThatThrownBy(() -> SitePlacement.decide(Where.REMOTE, IDLE, incapable, FIVE_MINUTES))
                .isInstanceOf(PlacementException.class)
                .hasMessageContaining("no slot that can render");
    }

    @Test
    void shouldStayLocalOnAutoWhileASlotIsIdle() {
        Decision d = SitePlacement.decide(Where.AUTO, IDLE, REMOTE, FIVE_MINUTES);

        assertThat(d.where()).isEqualTo(Where.LOCAL);
        assertThat(d.reason()).isEqualTo("1 local slot(s) idle");
    }

    @Test
    void shouldStayLocalOnAutoWhenTheWaitIsWithinTheThreshold() {
        Decision d = SitePlacement.decide(Where.AUTO, SHORT_QUEUE, REMOTE, FIVE_MINUTES);

        assertThat(d.where()).isEqualTo(Where.LOCAL);
        assertThat(d.reason()).contains("estimated wait 50 s is within threshold 300 s");
    }

    @Test
    void shouldGoRemoteOnAutoWhenLocalSlotsAreBusyBeyondTheThreshold() {
        Decision d = SitePlacement.decide(Where.AUTO, BUSY, REMOTE, FIVE_MINUTES);

        assertThat(d.where()).isEqualTo(Where.REMOTE);
        assertThat(d.reason())
                .contains("estimated wait 500 s > threshold 300 s")
                .contains("3 idle of 4");
    }

    @Test
    void shouldGoRemoteOnAutoWhenNothingHereCanRenderTheJob() {
        Decision d = SitePlacement.decide(
                Where.AUTO, new LocalAvailability(0, 0, 0, Double.NaN, false), REMOTE, FIVE_MINUTES);

        assertThat(d.where()).isEqualTo(Where.REMOTE);
        assertThat(d.reason()).startsWith("no local slot can render this job");
    }

    @Test
    void shouldSendAJobToARemoteSiteWhoseCloudCanProvisionItsSlots() {
        RemoteOffer cloudOnly = new RemoteOffer("http://jenkins2", true, 0, 0, true, null);

        Decision auto = SitePlacement.decide(Where.AUTO, BUSY, cloudOnly, FIVE_MINUTES);
        Decision asked = SitePlacement.decide(Where.REMOTE, IDLE, cloudOnly, FIVE_MINUTES);

        assertThat(auto.where()).isEqualTo(Where.REMOTE);
        assertThat(auto.site()).isEqualTo("http://jenkins2");
        assertThat(auto.reason()).endsWith("remote site has 0 idle of 0 capable slot(s) and can provision more");
        assertThat(asked.where()).isEqualTo(Where.REMOTE);
    }

    @Test
    void shouldStayLocalWithANoteWhenTheRemoteSiteIsUnreachable() {
        Decision d = SitePlacement.decide(Where.AUTO, BUSY, DOWN, FIVE_MINUTES);

        assertThat(d.where()).isEqualTo(Where.LOCAL);
        assertThat(d.reason()).contains("unreachable (connection refused); staying local");
    }

    @Test
    void shouldStayLocalOnAutoWithoutARemoteSite() {
        Decision d = SitePlacement.decide(Where.AUTO, BUSY, null, FIVE_MINUTES);

        assertThat(d.where()).isEqualTo(Where.LOCAL);
        assertThat(d.reason()).endsWith("but no remote site is configured");
    }

    @Test
    void shouldStayLocalWhenACloudCanProvisionMoreSlots() {
        Decision d = SitePlacement.decide(Where.AUTO, new LocalAvailability(2, 0, 100, 10, true), REMOTE, FIVE_MINUTES);

        assertThat(d.where()).isEqualTo(Where.LOCAL);
        assertThat(d.reason()).contains("more can be provisioned");
    }

    @Test
    void shouldStayLocalWhenOnlyACloudCanProvideSlots() {
        LocalAvailability cloudOnly = new LocalAvailability(0, 0, 0, Double.NaN, true);

        Decision d = SitePlacement.decide(Where.AUTO, cloudOnly, REMOTE, FIVE_MINUTES);

        assertThat(d.where()).isEqualTo(Where.LOCAL);
        assertThat(d.reason()).isEqualTo("no local slot yet, but a cloud can provision them");
        assertThat(SitePlacement.needsRemoteOffer(Where.AUTO, cloudOnly, FIVE_MINUTES))
                .isFalse();
    }

    @Test
    void shouldAssumeADefaultFrameCostWhenNothingWasMeasured() {
        LocalAvailability unmeasured = new LocalAvailability(2, 0, 40, Double.NaN, false);

        assertThat(unmeasured.estimatedWaitSeconds()).isEqualTo(40 * LocalAvailability.DEFAULT_SECONDS_PER_FRAME / 2);
    }

    @Test
    void shouldRefuseInconsistentAvailability() {
        assertThatThrownBy(() -> new LocalAvailability(1, 2, 0, 1, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inconsistent");
    }
}

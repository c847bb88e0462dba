package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.Requirements;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.OfferView;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.placement.RemoteOffer;
import io.renderfarm.engine.testing.TestScenes;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/offer}: a site offers another what it would count for its own job of that profile, so a slot
 * its queued or rendering work holds is not offered, and a profile its machine cannot meet gets no slot.
 */
class OfferTest {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void shouldOfferItsIdleSlotForAProfileItsMachineMeets() throws Exception {
        try (InProcessSite site = InProcessSite.start(dir)) {
            OfferView offer = site.client().offer(JobProfile.defaults("blender"));

            assertThat(offer).isEqualTo(new OfferView(1, 1, false));
        }
    }

    @Test
    void shouldOfferNoSlotForAProfileItsMachineCannotMeet() throws Exception {
        try (InProcessSite site = InProcessSite.start(dir)) {
            SiteClient client = site.client();

            assertThat(client.offer(JobProfile.defaults("blender").withRequirements(new Requirements(0, 0, true))))
                    .as("a GPU the site's machine lacks")
                    .isEqualTo(new OfferView(0, 0, false));
            assertThat(client.offer(JobProfile.defaults("blender").withVersionConstraint("4.2")))
                    .as("Blender 3.4.1 here")
                    .isEqualTo(new OfferView(0, 0, false));
        }
    }

    @Test
    void shouldNotOfferASlotItsOwnJobIsRenderingOn() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        try (InProcessSite site = InProcessSite.start(dir)) {
            SiteClient client = site.client();
            Path longScene = TestScenes.blenderScene(dir.resolve("scenes"), "long", 1, 40, 160, 120, 64);
            JobView busy = Jobs.submit(client, longScene, "1-40", Jobs.blenderProfile(0), Where.LOCAL);
            try {
                await().atMost(JOB_TIMEOUT).until(() -> client.job(busy.id()).state() == JobState.RUNNING);

                RemoteOffer offer = RemoteOffer.ask("busy-site", client, JobProfile.defaults("blender"));

                assertThat(offer).isEqualTo(new RemoteOffer("busy-site", true, 1, 0, false, null));
            } finally {
                client.cancel(busy.id(), "test over");
                await().atMost(JOB_TIMEOUT)
                        .until(() -> client.job(busy.id()).state().isFinal());
            }
        }
    }
}

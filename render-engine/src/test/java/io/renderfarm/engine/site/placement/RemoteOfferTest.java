package io.renderfarm.engine.site.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.site.api.Decision;
import io.renderfarm.engine.site.api.LocalAvailability;
import io.renderfarm.engine.site.api.SiteInfo;
import io.renderfarm.engine.site.api.SlotView;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.site.protocol.SiteJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RemoteOfferTest {
    private static final Capabilities BLENDER = new Capabilities(Map.of("blender", "3.4.1"), 8, 16_000, false);
    private static final RemoteOffer UP = new RemoteOffer("http://a", true, 2, 1, false, null);

    private static SiteInfo site(Capabilities caps, SlotStatus... statuses) {
        List<SlotView> slots = java.util.stream.IntStream.range(0, statuses.length)
                .mapToObj(i -> new SlotView("slot-" + (i + 1), "render2", statuses[i], null, null, null))
                .toList();
        return new SiteInfo("render2", "0.1.0", 1, "render2", caps, List.of(), slots, Map.of(), Map.of(), List.of());
    }

    @Test
    void shouldCountTheRemoteSlotsThatCanRenderTheJobAndAreIdle() {
        RemoteOffer offer = RemoteOffer.from(
                "http://r",
                site(BLENDER, SlotStatus.IDLE, SlotStatus.BUSY, SlotStatus.OFFLINE),
                JobProfile.defaults("blender"));

        assertThat(offer).isEqualTo(new RemoteOffer("http://r", true, 2, 1, false, null));
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
        RemoteOffer idler = new RemoteOffer("http://c", true, 2, 2, false, null);

        assertThat(RemoteOffer.better(down, UP)).isSameAs(UP);
        assertThat(RemoteOffer.better(UP, idler)).isSameAs(idler);
        assertThat(RemoteOffer.better(null, down)).isSameAs(down);
    }

    @Test
    void shouldPreferASiteThatCanStartTheJobNowOverOneWithMoreBusySlots() {
        RemoteOffer busy = new RemoteOffer("http://busy", true, 16, 0, false, null);
        RemoteOffer cloud = new RemoteOffer("http://cloud", true, 0, 0, true, null);

        assertThat(RemoteOffer.better(busy, cloud)).isSameAs(cloud);
        assertThat(RemoteOffer.better(cloud, UP))
                .as("an idle slot and a cloud both start it now; idle slots decide")
                .isSameAs(UP);
        assertThat(cloud.canRender()).isTrue();
        assertThat(new RemoteOffer("http://none", true, 0, 0, false, null).canRender())
                .isFalse();
    }

    @Test
    void shouldAskASiteForItsOfferForTheJobsProfile() throws Exception {
        AtomicReference<String> asked = new AtomicReference<>();
        HttpServer server = serve("/api/offer", 200, "{\"capableSlots\":0,\"idleSlots\":0,\"canGrow\":true}", asked);
        try {
            RemoteOffer offer = RemoteOffer.ask(
                    "http://jenkins2",
                    client(server),
                    JobProfile.defaults("blender").withVersionConstraint("3.4"));

            assertThat(offer).isEqualTo(new RemoteOffer("http://jenkins2", true, 0, 0, true, null));
            JsonNode profile = SiteJson.lenient().readTree(asked.get()).get("profile");
            assertThat(profile.get("renderer").asText()).isEqualTo("blender");
            assertThat(profile.get("version").asText()).isEqualTo("3.4");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldJudgeASiteWithoutTheOfferEndpointByItsResourceDatabase() throws Exception {
        String info = SiteJson.lenient().writeValueAsString(site(BLENDER, SlotStatus.IDLE, SlotStatus.BUSY));
        HttpServer server = serve("/api/site", 200, info, new AtomicReference<>()); // /api/offer: the server's 404

        try {
            RemoteOffer offer = RemoteOffer.ask("http://old", client(server), JobProfile.defaults("blender"));

            assertThat(offer).isEqualTo(new RemoteOffer("http://old", true, 2, 1, false, null));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldPassOnARefusalOfTheOffer() throws Exception {
        HttpServer server =
                serve("/api/offer", 401, "{\"status\":401,\"detail\":\"bad token\"}", new AtomicReference<>());
        try {
            assertThatThrownBy(() -> RemoteOffer.ask("http://r", client(server), JobProfile.defaults("blender")))
                    .isInstanceOfSatisfying(
                            SiteException.class, e -> assertThat(e.status()).isEqualTo(401))
                    .hasMessageContaining("bad token");
        } finally {
            server.stop(0);
        }
    }

    /** A site answering {@code path} with {@code status} and {@code body}, remembering the request body. */
    private static HttpServer serve(String path, int status, String body, AtomicReference<String> request)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(path, exchange -> {
            request.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static SiteClient client(HttpServer server) {
        return new SiteClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null);
    }

    @Test
    void shouldAskForAnOfferExactlyWhenTheDecisionCouldDependOnIt() {
        Duration threshold = Duration.ofSeconds(60);
        List<LocalAvailability> cases = List.of(
                new LocalAvailability(2, 1, 0, 10, false),
                new LocalAvailability(2, 0, 4, 10, false),
                new LocalAvailability(2, 0, 100, 10, false),
                new LocalAvailability(0, 0, 0, Double.NaN, false),
                new LocalAvailability(1, 0, 50, Double.NaN, true),
                new LocalAvailability(0, 0, 0, Double.NaN, true));
        for (LocalAvailability local : cases) {
            boolean needs = SitePlacement.needsRemoteOffer(Where.AUTO, local, threshold);
            Decision withRemote = SitePlacement.decide(Where.AUTO, local, UP, threshold);
            Decision without = SitePlacement.decide(Where.AUTO, local, null, threshold);

            assertThat(needs).as("%s", local).isEqualTo(!withRemote.equals(without));
        }
        assertThat(SitePlacement.needsRemoteOffer(Where.REMOTE, cases.get(0), threshold))
                .isTrue();
        assertThat(SitePlacement.needsRemoteOffer(Where.LOCAL, cases.get(2), threshold))
                .isFalse();
    }
}

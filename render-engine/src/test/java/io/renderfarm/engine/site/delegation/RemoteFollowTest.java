package io.renderfarm.engine.site.delegation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.client.RemoteSite;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.testing.ManualClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one follow of a job on another site, timed by a {@link ManualClock}: retries wait as the
 * {@link ReconnectPolicy} says and not a moment less, a site that gives no answer is given up on after exactly the
 * give-up time, and a cancel is retried until the site took it. A tiny HTTP server on loopback plays the site; no
 * test waits for the times it checks.
 */
class RemoteFollowTest {
    private static final Duration SETTLE = Duration.ofMillis(300);
    private static final Duration QUICK = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final AtomicInteger streams = new AtomicInteger();
    private final AtomicInteger cancels = new AtomicInteger();
    private final List<String> cancelBodies = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private volatile HttpHandler events = ex -> busy(ex);
    private volatile HttpHandler job = ex -> busy(ex);
    private volatile HttpHandler cancel = ex -> busy(ex);

    @BeforeEach
    void startSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/jobs/j/events", ex -> {
            streams.incrementAndGet();
            events.handle(ex);
        });
        server.createContext("/api/jobs/j/cancel", ex -> {
            cancels.incrementAndGet();
            cancelBodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            cancel.handle(ex);
        });
        server.createContext("/api/jobs/j", ex -> job.handle(ex));
        server.createContext("/api/site", RemoteFollowTest::busy);
        server.start();
    }

    @AfterEach
    void stopSite() {
        server.stop(0);
    }

    private SiteClient client() {
        return new SiteClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null);
    }

    private RemoteOutput output() throws IOException {
        DirectoryFrameStore store = new DirectoryFrameStore(dir.resolve("out"));
        return new RemoteOutput(client(), store, store.scratchRoot());
    }

    @Test
    void shouldGrowTheWaitBetweenStreamRetriesUpToItsCapAndNeverRetrySooner() throws Exception {
        job = ex -> answer(ex, 200, "application/json", jobJson(JobState.RUNNING));
        ReconnectPolicy policy = new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofHours(1));
        Following f = follow(policy, new Recorder());

        await().atMost(QUICK).until(() -> streams.get() == 1);
        for (Duration wait :
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4))) {
            int before = streams.get();
            await().during(SETTLE).atMost(QUICK).until(() -> streams.get() == before);
            clock.advance(wait.minusMillis(1));
            await().during(SETTLE).atMost(QUICK).until(() -> streams.get() == before);
            clock.advance(Duration.ofMillis(1));
            await().atMost(QUICK).until(() -> streams.get() == before + 1);
        }

        f.follow.post(new RemoteFollow.Stop());
        assertThat(f.end.get().ending()).isEqualTo(RemoteFollow.Ending.STOPPED);
    }

    @Test
    void shouldGiveUpOnASiteThatGivesNoAnswerForTheGiveUpTimeAndNotBefore() throws Exception {
        ReconnectPolicy policy =
                new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(3));
        Following f = follow(policy, new Recorder());
        await().atMost(QUICK).until(() -> streams.get() == 1);
        clock.advance(Duration.ofSeconds(1));
        await().atMost(QUICK).until(() -> streams.get() == 2); // the first poll and stream failed at the start

        clock.advance(Duration.ofSeconds(178)); // 179 s without an answer
        await().during(SETTLE).atMost(QUICK).until(() -> !f.end.isDone());
        clock.advance(Duration.ofSeconds(2));

        RemoteFollow.End end = f.end.get();
        assertThat(end.ending()).isEqualTo(RemoteFollow.Ending.LOST_CONTACT);
        assertThat(end.lostFor()).isGreaterThan(Duration.ofMinutes(3));
        assertThat(end.error().status()).isEqualTo(503);
    }

    @Test
    void shouldForwardACancelAndRetryItUnderThePolicyUntilTheSiteTookIt() throws Exception {
        job = ex -> answer(ex, 200, "application/json", jobJson(JobState.RUNNING));
        events = ex -> answer(ex, 200, SiteProtocol.EVENT_STREAM, ""); // a stream the site closes at once
        cancel = ex -> {
            if (cancels.get() <= 2) {
                busy(ex);
            } else {
                answer(ex, 200, "application/json", jobJson(JobState.CANCELED));
            }
        };
        Recorder listener = new Recorder();
        ReconnectPolicy policy =
                new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofHours(1));
        Following f = follow(policy, listener);

        f.follow.post(new RemoteFollow.Cancel("stop it"));
        await().atMost(QUICK).until(() -> cancels.get() == 1);
        await().during(SETTLE).atMost(QUICK).until(() -> cancels.get() == 1);
        clock.advance(Duration.ofSeconds(1));
        await().atMost(QUICK).until(() -> cancels.get() == 2);
        await().during(SETTLE).atMost(QUICK).until(() -> cancels.get() == 2);
        clock.advance(Duration.ofMillis(1999));
        await().during(SETTLE).atMost(QUICK).until(() -> cancels.get() == 2);
        clock.advance(Duration.ofMillis(1));
        await().atMost(QUICK).until(() -> cancels.get() == 3);
        clock.advance(Duration.ofSeconds(30));
        await().during(SETTLE).atMost(QUICK).until(() -> cancels.get() == 3);
        f.follow.post(new RemoteFollow.Cancel("again"));
        await().during(SETTLE).atMost(QUICK).until(() -> cancels.get() == 3);

        assertThat(cancelBodies).allSatisfy(body -> assertThat(body).contains("stop it"));
        assertThat(listener.canceled).containsExactly("stop it");
        f.follow.post(new RemoteFollow.Stop());
        assertThat(f.end.get().ending()).isEqualTo(RemoteFollow.Ending.STOPPED);
    }

    @Test
    void shouldEndTheCliFollowWithTheSitesErrorOnceTheSiteGaveNoAnswerForThePolicysGiveUpTime() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir.resolve("cli"));
        ReconnectPolicy policy =
                new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30));
        SiteJobFollower follower = new SiteJobFollower(client(), store, store.scratchRoot(), e -> {}, policy, clock);
        CompletableFuture<SiteJobFollower.Outcome> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return follower.follow("j");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(QUICK).until(() -> streams.get() == 1);
        clock.advance(Duration.ofSeconds(1));
        await().atMost(QUICK).until(() -> streams.get() == 2);

        clock.advance(Duration.ofSeconds(28));
        await().during(SETTLE).atMost(QUICK).until(() -> !outcome.isDone());
        clock.advance(Duration.ofSeconds(2));

        assertThatThrownBy(outcome::get)
                .hasCauseInstanceOf(IllegalStateException.class)
                .rootCause()
                .isInstanceOfSatisfying(
                        SiteException.class, e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void shouldFailADelegatedJobWhoseRemoteSiteGaveNoAnswerForTheGiveUpTime() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir.resolve("delegated"));
        RemoteDelegation.Job job = new RemoteDelegation.Job(
                "here-1", "shot", null, FrameSet.parse("1-2"), null, null, "povray", null, null);
        List<JobEvent> relayed = new CopyOnWriteArrayList<>();
        RemoteDelegation.Settings settings = new RemoteDelegation.Settings(
                new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(3)),
                Duration.ofMinutes(1));
        RemoteDelegation delegation = new RemoteDelegation(
                        new RemoteSite(
                                URI.create("http://127.0.0.1:"
                                        + server.getAddress().getPort()),
                                null,
                                null),
                        job,
                        store,
                        store.scratchRoot(),
                        relayed::add,
                        new RemoteDelegation.Journal() {
                            @Override
                            public void submitted(String remoteJobId) {}

                            @Override
                            public void relayed(long remoteEventId) {}
                        },
                        settings,
                        clock)
                .resume("j", 0);
        await().atMost(QUICK).until(() -> streams.get() == 1);
        clock.advance(Duration.ofSeconds(1));
        await().atMost(QUICK).until(() -> streams.get() == 2);

        clock.advance(Duration.ofSeconds(178));
        await().during(SETTLE)
                .atMost(QUICK)
                .until(() -> !delegation.completion().isDone());
        clock.advance(Duration.ofSeconds(2));

        JobResult result = delegation.completion().get();
        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.reason()).startsWith("lost contact with remote site http://127.0.0.1:");
        assertThat(result.reason()).contains("for 181 s").contains("0 of 2 frame(s) were brought back");
        assertThat(relayed.get(relayed.size() - 1)).isInstanceOf(JobEvent.JobFinished.class);
        assertThat(relayed.get(relayed.size() - 1).t())
                .as("relayed time by the clock")
                .isEqualTo(181.0);
    }

    @Test
    void shouldDoubleTheDelayUpToTheCapAndRefuseNonsense() {
        ReconnectPolicy policy =
                new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(3));

        assertThat(List.of(1, 2, 3, 4, 5, 40).stream().map(policy::delayAfter))
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5));
        assertThatThrownBy(() -> new ReconnectPolicy(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(3)))
                .hasMessage("the first reconnect delay must be positive, got PT0S");
        assertThatThrownBy(
                        () -> new ReconnectPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(3)))
                .hasMessage("the longest reconnect delay (PT1S) must be at least the first (PT5S)");
        assertThat(RemoteDelegation.Settings.DEFAULTS.giveUpAfter()).isEqualTo(Duration.ofMinutes(3));
        assertThat(new RemoteDelegation.Settings(Duration.ofSeconds(40), Duration.ofSeconds(5)).reconnect())
                .isEqualTo(ReconnectPolicy.DEFAULTS.withGiveUpAfter(Duration.ofSeconds(40)));
    }

    /** A follow running on its own thread. */
    private record Following(RemoteFollow follow, CompletableFuture<RemoteFollow.End> end) {}

    private Following follow(ReconnectPolicy policy, RemoteFollow.Listener listener) throws IOException {
        RemoteFollow follow = new RemoteFollow(
                client(), "site", null, new RemoteDelegation.Settings(policy, Duration.ofHours(1)), clock, listener);
        RemoteOutput output = output();
        CompletableFuture<RemoteFollow.End> end = CompletableFuture.supplyAsync(() -> {
            try {
                return follow.run("j", output, 0);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        return new Following(follow, end);
    }

    private static final class Recorder implements RemoteFollow.Listener {
        final List<String> canceled = new CopyOnWriteArrayList<>();

        @Override
        public void event(JobEvent remote) {}

        @Override
        public void frame(JobEvent.FrameDone remote, RemoteOutput.Brought brought, int held, int total) {}

        @Override
        public void canceled(String reason) {
            canceled.add(reason);
        }
    }

    private static void busy(HttpExchange ex) throws IOException {
        answer(
                ex,
                503,
                SiteProtocol.PROBLEM_JSON,
                "{\"type\":\"urn:renderfarm:problem:503\",\"title\":\"Busy\",\"status\":503,\"detail\":\"busy\"}");
    }

    private static String jobJson(JobState state) throws IOException {
        return SiteJson.lenient()
                .writeValueAsString(JobView.builder()
                        .id("j")
                        .name("shot")
                        .state(state)
                        .where(Where.LOCAL)
                        .scene("shot.pov")
                        .frames("1-2")
                        .total(2)
                        .renderer("povray")
                        .createdAt("2025-01-01T00:00:00Z")
                        .runs(1)
                        .build());
    }

    private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}

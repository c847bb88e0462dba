package io.renderfarm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.renderfarm.engine.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code renderfarm cancel}'s wait for the job to stop, timed by the command's clock. */
class CancelCommandTest {
    private static final String JOB = "20261203-124544-m21fjnq2";

    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger stopAfterPolls = new AtomicInteger(Integer.MAX_VALUE);
    private HttpServer site;

    @BeforeEach
    void startSite() throws IOException {
        site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        site.createContext("/api/jobs/" + JOB, this::answer);
        site.start();
    }

    @AfterEach
    void stopSite() {
        site.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String state = "RUNNING";
        if (exchange.getRequestMethod().equals("GET") && polls.incrementAndGet() > stopAfterPolls.get()) {
            state = "CANCELED";
        }
        byte[] body = ("{\"id\":\"" + JOB + "\",\"state\":\"" + state + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Test
    void shouldGiveUpWaitingForAJobThatDoesNotStopWhenTheWaitRunsOutOnItsClock() {
        ManualClock clock = new ManualClock();
        long start = clock.nanoTime();
        Run run = cancel(clock, "--wait", "5");

        assertThat(run.exit).isEqualTo(1);
        assertThat(run.out).isEqualTo("job " + JOB + " still stopping\nstate: RUNNING\n");
        assertThat(polls.get())
                .as("the state before canceling, then one poll every 250 ms for 5 s")
                .isEqualTo(21);
        assertThat(clock.nanoTime() - start).isEqualTo(Duration.ofSeconds(5).toNanos());
    }

    @Test
    void shouldStopPollingOnceTheJobIsFinal() {
        stopAfterPolls.set(5);
        ManualClock clock = new ManualClock();
        long start = clock.nanoTime();
        Run run = cancel(clock, "--wait", "60");

        assertThat(run.exit).isZero();
        assertThat(run.out).isEqualTo("job " + JOB + "\nstate: CANCELED\n");
        assertThat(polls.get())
                .as("the state before canceling, then polls until the sixth GET says CANCELED")
                .isEqualTo(6);
        assertThat(clock.nanoTime() - start)
                .isEqualTo(Duration.ofMillis(5 * 250).toNanos());
    }

    private Run cancel(ManualClock clock, String... more) {
        CancelCommand command = new CancelCommand();
        command.clock = clock;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream before = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            String[] args = new String[more.length + 3];
            args[0] = JOB;
            args[1] = "--site";
            args[2] = "http://127.0.0.1:" + site.getAddress().getPort();
            System.arraycopy(more, 0, args, 3, more.length);
            int exit = new CommandLine(command).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(before);
        }
    }

    private record Run(int exit, String out) {}
}

package io.renderfarm.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.renderfarm.engine.event.JobEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI in this JVM with standard output and error captured. Not for concurrent use. */
final class CliRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    final int exitCode;
    final String out;
    final String err;

    private CliRun(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static synchronized CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = RenderFarmCli.commandLine().execute(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * Standard output read as JSON lines; fails on any line that is not a JSON event, or that the event does not
     * write back to byte for byte (so every field the CLI printed is one the event's record carries).
     */
    List<JobEvent> events() {
        List<JobEvent> events = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                events.add(parse(line));
            }
        }
        return events;
    }

    /** The events of one type, in order. */
    <E extends JobEvent> List<E> events(Class<E> type) {
        return events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    static JobEvent parse(String line) {
        JobEvent event;
        String again;
        try {
            event = JSON.readValue(line, JobEvent.class);
            again = JSON.writeValueAsString(event);
        } catch (Exception e) {
            throw new AssertionError("not a JSON event line: " + line, e);
        }
        if (!again.equals(line)) {
            throw new AssertionError("the event line " + line + " reads back as " + again);
        }
        return event;
    }
}

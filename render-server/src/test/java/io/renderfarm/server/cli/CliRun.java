package io.renderfarm.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.renderfarm.engine.event.JobEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** Standard output read as JSON lines; fails on any line that is not a JSON event. */
    List<JobEvent> events() {
        List<JobEvent> events = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                events.add(parse(line));
            }
        }
        return events;
    }

    @SuppressWarnings("unchecked")
    static JobEvent parse(String line) {
        try {
            return JobEvent.fromMap(JSON.readValue(line, Map.class));
        } catch (Exception e) {
            throw new AssertionError("not a JSON event line: " + line, e);
        }
    }
}

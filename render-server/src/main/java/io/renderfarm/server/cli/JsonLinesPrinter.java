package io.renderfarm.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.event.JobEventSink;
import java.io.PrintStream;

/** Prints each job event as one JSON object per line, flushed at once so pipes see it live. */
final class JsonLinesPrinter implements JobEventSink {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream out;

    JsonLinesPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void accept(JobEvent event) {
        try {
            out.println(JSON.writeValueAsString(event));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event cannot be written as JSON: " + event, e);
        }
    }
}

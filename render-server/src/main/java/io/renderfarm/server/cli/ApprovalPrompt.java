package io.renderfarm.server.cli;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.event.JobEventSink;
import io.renderfarm.engine.schedule.JobRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The CLI's side of the approval gate: when the preview pass is over, asks on standard error and reads one line
 * from standard input — {@code y} or {@code yes} approves the full render, anything else (or end of input) cancels.
 * Reading happens on its own thread so the job's events keep flowing.
 */
final class ApprovalPrompt implements JobEventSink {
    private final Path samples;
    private volatile JobRun run;

    ApprovalPrompt(Path samples) {
        this.samples = samples;
    }

    void attach(JobRun value) {
        run = value;
    }

    @Override
    public void accept(JobEvent event) {
        if (!(event instanceof JobEvent.AwaitingApproval)) {
            return;
        }
        Thread reader = new Thread(this::ask, "approval-prompt");
        reader.setDaemon(true);
        reader.start();
    }

    private void ask() {
        System.err.print("Previews are in " + samples + ". Render the full frames? [y/N] ");
        System.err.flush();
        String answer;
        try {
            answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer != null
                && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"))) {
            run.approve();
        } else {
            run.cancel("previews not approved");
        }
    }
}

package io.renderfarm.server.cli;

import io.renderfarm.engine.event.EventText;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.event.JobEventSink;
import java.io.PrintStream;

/**
 * Human output: on a terminal a live one-line bar redrawn in place; elsewhere (a log file, CI) plain lines for
 * notable events only. Failures (with a failed attempt's log file and its last lines), samples and the final state
 * are always printed on their own line.
 */
final class ProgressPrinter implements JobEventSink {
    private static final int BAR_WIDTH = 30;
    private final PrintStream out;
    private final boolean live;
    private int done;
    private int total;

    private ProgressPrinter(PrintStream out, boolean live) {
        this.out = out;
        this.live = live;
    }

    static ProgressPrinter forTerminal(PrintStream out) {
        return new ProgressPrinter(out, System.console() != null);
    }

    @Override
    public synchronized void accept(JobEvent e) {
        switch (e.eventType()) {
            case JOB_STARTED -> {
                total = e.intValue("total");
                String slots = e.get("slots") instanceof Number n ? count(n.intValue(), "slot") : e.get("slots") + " slot(s)";
                line(String.format("rendering %s (%s) with %s on %s", count(total, "frame"), e.string("frames"),
                        e.string("renderer"), slots));
            }
            case DECISION -> line("decision: " + e.string("where")
                    + (e.string("site") == null ? "" : " on " + e.string("site")) + " — " + e.string("reason"));
            case FRAME_DONE -> {
                done = e.intValue("done");
                if (!live) {
                    line(String.format("frame %s done%s (%d/%d)", e.string("frame"),
                            Boolean.TRUE.equals(e.get("skipped")) ? " (already there)" : "", done, total));
                }
            }
            case SAMPLE -> {
                if ("preview".equals(e.string("kind"))) {
                    line(String.format("preview of frame %s: %s", e.string("frame"), e.string("path")));
                }
            }
            case CHUNK_FAILED -> line(String.format("chunk %s failed on %s: %s%s", e.string("chunk"), e.string("slot"),
                    e.string("reason"), Boolean.TRUE.equals(e.get("willRetry")) ? " (retrying)" : ""));
            case CHUNK_LOG -> {
                String described = EventText.describe(e);
                if (described != null) {
                    line(described);
                    EventText.tail(e).forEach(this::line);
                }
            }
            case SLOT_BLOCKLISTED -> line("slot " + e.string("slot") + " blocklisted for this job: " + e.string("reason"));
            case AWAITING_APPROVAL -> line("preview pass done; waiting for approval");
            case CANCELED -> line("canceling: " + e.string("reason"));
            case JOB_STALLED -> line("stopped: " + e.string("reason"));
            case JOB_FINISHED -> line(String.format("%s: %s of %s frames in %.1f s%s", e.string("state"), e.string("done"),
                    e.string("total"), e.t(), e.string("reason").isEmpty() ? "" : " — " + e.string("reason")));
            default -> {
            }
        }
        if (live && e.eventType() != io.renderfarm.engine.event.EventType.JOB_FINISHED) {
            drawBar(e.t());
        }
    }

    /** {@code 1 frame}, {@code 2 frames}. */
    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private void line(String text) {
        if (live) {
            out.print("\r\033[2K");
        }
        out.println(text);
        out.flush();
    }

    private void drawBar(double seconds) {
        int filled = total == 0 ? 0 : (int) ((long) BAR_WIDTH * done / total);
        out.print("\r\033[2K[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] "
                + done + "/" + total + String.format("  %.0f s", seconds));
        out.flush();
    }
}

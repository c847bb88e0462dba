package io.renderfarm.server.cli;

import io.renderfarm.engine.event.EventText;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.event.JobEventSink;
import java.io.PrintStream;

/**
 * Human output: on a terminal a live one-line bar redrawn in place, with the estimated time left once a frame was
 * measured ({@code progress} events' {@code eta}); elsewhere (a log file, CI) plain lines for notable events only,
 * each finished frame's line with the time left. Failures (with a failed attempt's log file and its last lines),
 * samples and the final state are always printed on their own line.
 */
final class ProgressPrinter implements JobEventSink {
    private static final int BAR_WIDTH = 30;
    private final PrintStream out;
    private final boolean live;
    private int done;
    private int total;
    /** Seconds left as last estimated, or -1 before a frame was measured. */
    private long eta = -1;

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
                String slots =
                        e.get("slots") instanceof Number n ? count(n.intValue(), "slot") : e.get("slots") + " slot(s)";
                line(String.format(
                        "rendering %s (%s) with %s on %s",
                        count(total, "frame"), e.string("frames"), e.string("renderer"), slots));
            }
            case DECISION ->
                line("decision: " + e.string("where") + (e.string("site") == null ? "" : " on " + e.string("site"))
                        + " — " + e.string("reason"));
            case FRAME_DONE -> {
                done = e.intValue("done");
                if (!live) {
                    line(String.format(
                            "frame %s done%s (%d/%d)%s",
                            e.string("frame"),
                            Boolean.TRUE.equals(e.get("skipped")) ? " (already there)" : "",
                            done,
                            total,
                            eta >= 0 && done < total ? ", about " + duration(eta) + " left" : ""));
                }
            }
            case PROGRESS -> {
                if (e.get("eta") instanceof Number seconds) {
                    eta = seconds.longValue();
                }
            }
            case SAMPLE -> {
                if ("preview".equals(e.string("kind"))) {
                    line(String.format("preview of frame %s: %s", e.string("frame"), e.string("path")));
                }
            }
            case CHUNK_FAILED ->
                line(String.format(
                        "chunk %s failed on %s: %s%s",
                        e.string("chunk"),
                        e.string("slot"),
                        e.string("reason"),
                        Boolean.TRUE.equals(e.get("willRetry")) ? " (retrying)" : ""));
            case CHUNK_LOG -> {
                String described = EventText.describe(e);
                if (described != null) {
                    line(described);
                    EventText.tail(e).forEach(this::line);
                }
            }
            case SLOT_BLOCKLISTED ->
                line("slot " + e.string("slot") + " blocklisted for this job: " + e.string("reason"));
            case AWAITING_APPROVAL -> line("preview pass done; waiting for approval");
            case CANCELED -> line("canceling: " + e.string("reason"));
            case JOB_STALLED -> line("stopped: " + e.string("reason"));
            case JOB_FINISHED ->
                line(String.format(
                        "%s: %s of %s frames in %.1f s%s",
                        e.string("state"),
                        e.string("done"),
                        e.string("total"),
                        e.t(),
                        e.string("reason").isEmpty() ? "" : " — " + e.string("reason")));
            default -> {}
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
                + done + "/" + total + String.format("  %.0f s", seconds)
                + (eta >= 0 && done < total ? "  ETA " + duration(eta) : ""));
        out.flush();
    }

    /** {@code 45 s}, {@code 3 min 05 s}, {@code 2 h 10 min}. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format("%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format("%d h %02d min", seconds / 3600, seconds / 60 % 60);
    }
}

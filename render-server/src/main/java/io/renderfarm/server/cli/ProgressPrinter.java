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
        if (e instanceof JobEvent.JobStarted s) {
            total = s.total();
            line(String.format(
                    "rendering %s (%s) with %s on %s",
                    count(total, "frame"), s.frames(), s.renderer(), count(s.slots(), "slot")));
        } else if (e instanceof JobEvent.Decision d) {
            line("decision: " + d.where() + (d.site() == null ? "" : " on " + d.site()) + " — " + d.reason());
        } else if (e instanceof JobEvent.FrameDone f) {
            done = f.done() == null ? done + 1 : f.done();
            if (!live) {
                line(String.format(
                        "frame %d done%s (%d/%d)%s",
                        f.frame(),
                        f.skipped() ? " (already there)" : "",
                        done,
                        total,
                        eta >= 0 && done < total ? ", about " + duration(eta) + " left" : ""));
            }
        } else if (e instanceof JobEvent.Progress p) {
            if (p.eta() != null) {
                eta = p.eta();
            }
        } else if (e instanceof JobEvent.Sample s) {
            if ("preview".equals(s.kind())) {
                line(String.format("preview of frame %d: %s", s.frame(), s.path()));
            }
        } else if (e instanceof JobEvent.ChunkFailed f) {
            line(String.format(
                    "chunk %d failed on %s: %s%s",
                    f.chunk(), f.slot(), f.reason(), f.willRetry() ? " (retrying)" : ""));
        } else if (e instanceof JobEvent.ChunkLog) {
            String described = EventText.describe(e);
            if (described != null) {
                line(described);
                EventText.tail(e).forEach(this::line);
            }
        } else if (e instanceof JobEvent.SlotBlocklisted b) {
            line("slot " + b.slot() + " blocklisted for this job: " + b.reason());
        } else if (e instanceof JobEvent.AwaitingApproval) {
            line("preview pass done; waiting for approval");
        } else if (e instanceof JobEvent.Canceled c) {
            line("canceling: " + c.reason());
        } else if (e instanceof JobEvent.JobStalled s) {
            line("stopped: " + s.reason());
        } else if (e instanceof JobEvent.JobFinished f) {
            line(String.format(
                    "%s: %d of %d frames in %.1f s%s",
                    f.state(),
                    f.done(),
                    f.total(),
                    f.t(),
                    f.reason() == null || f.reason().isEmpty() ? "" : " — " + f.reason()));
        }
        if (live && !(e instanceof JobEvent.JobFinished)) {
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

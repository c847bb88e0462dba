package io.renderfarm.engine.schedule;

/**
 * Measured render cost of this job's final frames, for automatic chunk sizes. Within a chunk of several frames the
 * gaps between frame completions give the seconds per frame, and the time to the first frame minus one frame
 * gives the renderer's start-up (process start and scene load). A single-frame chunk only tells their sum, so
 * until a longer chunk is measured the start-up is taken as {@link #DEFAULT_STARTUP_SECONDS}. Owned by the job's
 * loop.
 */
final class FrameTimer {
    /** Start-up plus scene load of a renderer process, assumed until measured (Blender 3.4 here: about 0.9 s). */
    static final double DEFAULT_STARTUP_SECONDS = 1.0;

    private double frameSeconds;
    private int frames;
    private double startupSeconds;
    private int startups;
    private double singleFrameSeconds;
    private int singleFrames;

    /**
     * @param startNanos  when the chunk started
     * @param doneNanos   when each of its frames was stored, ascending
     */
    void record(long startNanos, long[] doneNanos) {
        if (doneNanos.length == 0) {
            return;
        }
        double first = (doneNanos[0] - startNanos) / 1e9;
        if (doneNanos.length == 1) {
            singleFrameSeconds += first;
            singleFrames++;
            return;
        }
        double perFrame = (doneNanos[doneNanos.length - 1] - doneNanos[0]) / 1e9 / (doneNanos.length - 1);
        frameSeconds += perFrame * doneNanos.length;
        frames += doneNanos.length;
        startupSeconds += Math.max(0, first - perFrame);
        startups++;
    }

    /** Mean seconds per frame without start-up, or NaN before the first final chunk finished. */
    double secondsPerFrame() {
        if (frames > 0) {
            return frameSeconds / frames;
        }
        if (singleFrames > 0) {
            double total = singleFrameSeconds / singleFrames;
            return Math.max(total - DEFAULT_STARTUP_SECONDS, total * 0.1);
        }
        return Double.NaN;
    }

    double startupSeconds() {
        return startups > 0 ? startupSeconds / startups : DEFAULT_STARTUP_SECONDS;
    }
}

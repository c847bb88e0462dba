package io.renderfarm.engine.plan;

/**
 * The automatic chunk size, used when a profile's chunk size is 0.
 *
 * <p>The rule, with {@code s} the start-up seconds of one renderer process and {@code t} the measured seconds
 * per frame:
 * <ol>
 *   <li>Before any frame is measured ({@code t} is NaN) the size is 1: the first chunks measure the job
 *       cheaply, and nothing is lost if the scene turns out to be slow.</li>
 *   <li>Start-up should stay below {@value #MAX_STARTUP_SHARE_PERCENT}% of a chunk's time
 *       {@code s + n·t}, which needs {@code n ≥ 9·s / t}; the smallest such {@code n} is taken, because smaller
 *       chunks balance better, show progress sooner and lose less to a failure.</li>
 *   <li>Every slot should still get at least {@value #CHUNKS_PER_SLOT} chunks of the remaining frames, so
 *       {@code n ≤ remaining / (CHUNKS_PER_SLOT · slots)}. When the two conflict, this one wins: at the end of
 *       a job an idle slot waiting on one long chunk costs more than a few extra start-ups.</li>
 *   <li>The size is at least 1.</li>
 * </ol>
 * Example: start-up 1 s, 0.5 s per frame, 400 frames left on 4 slots: overhead needs 18 frames, balance allows
 * 50, so chunks are 18 frames. With 40 frames left balance allows only 5, so chunks are 5 frames.
 */
public final class ChunkSizer {
    /** Start-up above this share of a chunk's time is considered wasteful. */
    public static final int MAX_STARTUP_SHARE_PERCENT = 10;
    /** Chunks each slot should get of the remaining work, so a slow slot or a slow frame doesn't hold the job. */
    public static final int CHUNKS_PER_SLOT = 2;

    private ChunkSizer() {}

    /**
     * The chunk size for the next chunk, see the class rule.
     *
     * @param remainingFrames frames still to render, 0 or more
     * @param slots           slots that can render the job, at least 1
     * @param secondsPerFrame measured mean seconds per frame; NaN when nothing is measured yet
     * @param startupSeconds  start-up seconds of one renderer process, 0 or more
     */
    public static int size(int remainingFrames, int slots, double secondsPerFrame, double startupSeconds) {
        if (remainingFrames < 0) {
            throw new IllegalArgumentException("remaining frames must not be negative, got " + remainingFrames);
        }
        if (slots < 1) {
            throw new IllegalArgumentException("chunk sizing needs at least 1 slot, got " + slots);
        }
        if (secondsPerFrame < 0 || Double.isInfinite(secondsPerFrame)) {
            throw new IllegalArgumentException(
                    "seconds per frame must be a finite non-negative number or NaN, got " + secondsPerFrame);
        }
        if (!(startupSeconds >= 0) || Double.isInfinite(startupSeconds)) {
            throw new IllegalArgumentException(
                    "start-up seconds must be a finite non-negative number, got " + startupSeconds);
        }
        if (Double.isNaN(secondsPerFrame)) {
            return 1;
        }
        long balanceCap = Math.max(1, remainingFrames / ((long) CHUNKS_PER_SLOT * slots));
        long overheadFloor = framesToAmortize(secondsPerFrame, startupSeconds, balanceCap);
        return (int) Math.max(1, Math.min(overheadFloor, balanceCap));
    }

    /** The smallest chunk whose start-up share is within the limit; {@code ceiling} when that is out of reach. */
    private static long framesToAmortize(double secondsPerFrame, double startupSeconds, long ceiling) {
        if (startupSeconds == 0) {
            return 1;
        }
        if (secondsPerFrame == 0) {
            return ceiling;
        }
        // s / (s + n·t) <= p  <=>  n >= s·(1 - p) / (p·t); the factor is exactly 9 for p = 10%.
        double factor = (100.0 - MAX_STARTUP_SHARE_PERCENT) / MAX_STARTUP_SHARE_PERCENT;
        double frames = Math.ceil(factor * startupSeconds / secondsPerFrame - 1e-9);
        return frames >= ceiling ? ceiling : (long) frames;
    }
}

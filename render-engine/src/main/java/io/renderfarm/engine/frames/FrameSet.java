package io.renderfarm.engine.frames;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * An immutable, sorted set of distinct frame numbers.
 *
 * <p>Syntax accepted by {@link #parse(String)} (whitespace around any token is ignored):
 * <ul>
 *   <li>{@code 7} — one frame;</li>
 *   <li>{@code 1-100} — an inclusive range;</li>
 *   <li>{@code 1-100x5} — a range with a step: 1, 6, 11, … 96;</li>
 *   <li>{@code 1,5,9-12} — a comma-separated list of the above; overlaps are merged.</li>
 * </ul>
 * Frame numbers are 0 or positive, at most {@value #MAX_FRAME_NUMBER}. A range must not be reversed, a step
 * must be positive, and a set may hold at most {@value #MAX_FRAMES} frames. Every violation is reported as a
 * {@link FrameSetException} whose message quotes the offending part of the specification.
 *
 * <p>{@link #toString()} gives the canonical specification, which parses back to an equal set.
 */
public final class FrameSet implements Iterable<Integer>, Serializable {
    private static final long serialVersionUID = 1L;

    /** More frames than any real shot has; larger specs are typos (an extra zero) and are refused. */
    public static final int MAX_FRAMES = 1_000_000;
    /** Highest frame number accepted; keeps padded names and arithmetic well inside {@code int}. */
    public static final int MAX_FRAME_NUMBER = 99_999_999;

    private static final FrameSet EMPTY = new FrameSet(new int[0]);

    private final int[] frames;

    private FrameSet(int[] sortedDistinct) {
        this.frames = sortedDistinct;
    }

    /** Parses a specification; see the class Javadoc for the syntax. */
    public static FrameSet parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new FrameSetException("frame specification is empty: give frames like 1-100, 1-100x5 or 1,5,9-12");
        }
        int[] all = new int[0];
        int n = 0;
        for (String rawPart : spec.split(",", -1)) {
            String part = rawPart.strip();
            if (part.isEmpty()) {
                throw new FrameSetException("empty element in frame specification '" + spec.strip()
                        + "' (two commas, or a comma at an end)");
            }
            int[] range = parseRange(part);
            int count = (range[1] - range[0]) / range[2] + 1;
            if (count > MAX_FRAMES) {
                throw new FrameSetException(
                        "'" + part + "' has " + count + " frames, more than the " + MAX_FRAMES + " a set may hold");
            }
            if (n + count > all.length) {
                all = Arrays.copyOf(all, Math.max(n + count, Math.min(2 * all.length, 2 * MAX_FRAMES)));
            }
            for (int f = range[0]; f <= range[1]; f += range[2]) {
                all[n++] = f;
            }
            if (n > MAX_FRAMES) {
                // Overlapping parts ("1-1000000,1") are legal; only distinct frames count against the limit.
                n = sortDistinct(all, n);
                if (n > MAX_FRAMES) {
                    throw new FrameSetException(
                            "'" + part + "' makes the frame specification exceed " + MAX_FRAMES + " frames");
                }
            }
        }
        return ofUnsorted(Arrays.copyOf(all, n));
    }

    private static int[] parseRange(String part) {
        String body = part;
        int step = 1;
        int x = indexOfStep(part);
        if (x >= 0) {
            body = part.substring(0, x).strip();
            String stepText = part.substring(x + 1).strip();
            step = parseNumber(stepText, part, "step");
            if (step <= 0) {
                throw new FrameSetException("step in '" + part + "' must be at least 1");
            }
            if (body.indexOf('-', 1) < 0) {
                throw new FrameSetException("a step needs a range: '" + part + "' should look like 1-100x5");
            }
        }
        int dash = body.indexOf('-', body.startsWith("-") ? 1 : 0);
        int start;
        int end;
        if (dash < 0) {
            start = parseFrame(body, part);
            end = start;
        } else {
            start = parseFrame(body.substring(0, dash).strip(), part);
            end = parseFrame(body.substring(dash + 1).strip(), part);
            if (end < start) {
                throw new FrameSetException("range '" + part + "' is reversed: write " + end + "-" + start);
            }
        }
        return new int[] {start, end, step};
    }

    private static int indexOfStep(String part) {
        int x = part.indexOf('x');
        return x >= 0 ? x : part.indexOf('X');
    }

    private static int parseFrame(String text, String part) {
        if (text.startsWith("-")) {
            throw new FrameSetException("negative frame number in '" + part + "'");
        }
        int value = parseNumber(text, part, "frame number");
        if (value > MAX_FRAME_NUMBER) {
            throw new FrameSetException("frame number " + text + " in '" + part + "' is above " + MAX_FRAME_NUMBER);
        }
        return value;
    }

    private static int parseNumber(String text, String part, String what) {
        if (text.isEmpty()) {
            throw new FrameSetException("missing " + what + " in '" + part + "'");
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                throw new FrameSetException("'" + text + "' in '" + part + "' is not a " + what);
            }
        }
        // Zero-padded numbers (00000001, as in file names) are fine; only significant digits can overflow.
        String digits = text.replaceFirst("^0+(?=.)", "");
        if (digits.length() > 9) {
            throw new FrameSetException(what + " " + text + " in '" + part + "' is too large");
        }
        return Integer.parseInt(digits);
    }

    /** The set of the given frames, in any order, duplicates allowed. */
    public static FrameSet of(int... frames) {
        for (int f : frames) {
            if (f < 0 || f > MAX_FRAME_NUMBER) {
                throw new FrameSetException("frame number " + f + " is outside 0.." + MAX_FRAME_NUMBER);
            }
        }
        return ofUnsorted(frames.clone());
    }

    /** The set of the given frames. */
    public static FrameSet of(Collection<Integer> frames) {
        return of(frames.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The inclusive range {@code first..last}. */
    public static FrameSet range(int first, int last) {
        return parse(first + "-" + last);
    }

    public static FrameSet empty() {
        return EMPTY;
    }

    private static FrameSet ofUnsorted(int[] values) {
        if (values.length == 0) {
            return EMPTY;
        }
        int n = sortDistinct(values, values.length);
        return new FrameSet(n == values.length ? values : Arrays.copyOf(values, n));
    }

    /** Sorts the first {@code length} values and moves the distinct ones to the front; returns how many there are. */
    private static int sortDistinct(int[] values, int length) {
        if (length == 0) {
            return 0;
        }
        Arrays.sort(values, 0, length);
        int n = 1;
        for (int i = 1; i < length; i++) {
            if (values[i] != values[n - 1]) {
                values[n++] = values[i];
            }
        }
        return n;
    }

    public int size() {
        return frames.length;
    }

    public boolean isEmpty() {
        return frames.length == 0;
    }

    public boolean contains(int frame) {
        return Arrays.binarySearch(frames, frame) >= 0;
    }

    /** The lowest frame; the set must not be empty. */
    public int first() {
        requireNonEmpty();
        return frames[0];
    }

    /** The highest frame; the set must not be empty. */
    public int last() {
        requireNonEmpty();
        return frames[frames.length - 1];
    }

    /** The frame at a position in ascending order. */
    public int get(int index) {
        return frames[index];
    }

    /**
     * The step between frames when the set is an arithmetic progression ({@code first, first+step, … last}),
     * which renderers can take as one start/end/step invocation; 0 when it is not one. A single frame has step 1.
     */
    public int step() {
        if (frames.length < 2) {
            return frames.length == 1 ? 1 : 0;
        }
        int step = frames[1] - frames[0];
        for (int i = 2; i < frames.length; i++) {
            if (frames[i] - frames[i - 1] != step) {
                return 0;
            }
        }
        return step;
    }

    /** The frames at positions {@code from} (inclusive) to {@code to} (exclusive) in ascending order. */
    public FrameSet slice(int from, int to) {
        return from == 0 && to == frames.length ? this : new FrameSet(Arrays.copyOfRange(frames, from, to));
    }

    /** This set without the given frames. */
    public FrameSet minus(Collection<Integer> excluded) {
        // A list of done frames would make contains() linear, and the whole call quadratic on long jobs.
        Set<Integer> lookup = excluded instanceof Set<Integer> set ? set : new HashSet<>(excluded);
        return new FrameSet(stream().filter(f -> !lookup.contains(f)).toArray());
    }

    /** This set without the frames of another set. */
    public FrameSet minus(FrameSet excluded) {
        return new FrameSet(stream().filter(f -> !excluded.contains(f)).toArray());
    }

    public IntStream stream() {
        return Arrays.stream(frames);
    }

    public int[] toArray() {
        return frames.clone();
    }

    @Override
    public Iterator<Integer> iterator() {
        return new PrimitiveIterator.OfInt() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < frames.length;
            }

            @Override
            public int nextInt() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return frames[next++];
            }
        };
    }

    private void requireNonEmpty() {
        if (frames.length == 0) {
            throw new NoSuchElementException("empty frame set");
        }
    }

    /** Canonical specification: runs of equal steps as {@code a-bxs}, pairs and singles as plain numbers. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < frames.length) {
            int j = i;
            if (i + 2 < frames.length) {
                int step = frames[i + 1] - frames[i];
                while (j + 1 < frames.length && frames[j + 1] - frames[j] == step) {
                    j++;
                }
                if (j - i < 2) {
                    j = i;
                }
                appendRun(out, frames[i], frames[j], step, j > i);
            } else {
                appendRun(out, frames[i], frames[i], 1, false);
            }
            i = j + 1;
        }
        return out.toString();
    }

    private static void appendRun(StringBuilder out, int first, int last, int step, boolean run) {
        if (out.length() > 0) {
            out.append(',');
        }
        out.append(first);
        if (run) {
            out.append('-').append(last);
            if (step != 1) {
                out.append('x').append(step);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrameSet other && Arrays.equals(frames, other.frames);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(frames);
    }
}

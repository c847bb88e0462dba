package io.renderfarm.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

/** The automatic chunk size holds its documented rule for any measured timing, however odd. */
class ChunkSizerProperties {

    @Property
    void shouldStayBetweenOneAndTheBalanceCap(
            @ForAll @IntRange(min = 0, max = 2_000_000) int remaining,
            @ForAll @IntRange(min = 1, max = 512) int slots,
            @ForAll @DoubleRange(min = 0, max = 100_000) double secondsPerFrame,
            @ForAll @DoubleRange(min = 0, max = 10_000) double startup) {
        int size = ChunkSizer.size(remaining, slots, secondsPerFrame, startup);

        long balanceCap = Math.max(1, remaining / ((long) ChunkSizer.CHUNKS_PER_SLOT * slots));
        assertThat(size).isBetween(1, (int) balanceCap);
    }

    @Property
    void shouldKeepStartUpWithinItsShareWheneverBalanceAllows(
            @ForAll @IntRange(min = 0, max = 100_000) int remaining,
            @ForAll @IntRange(min = 1, max = 64) int slots,
            @ForAll @DoubleRange(min = 0.001, max = 1000) @Scale(3) double secondsPerFrame,
            @ForAll @DoubleRange(min = 0, max = 60) double startup) {
        int size = ChunkSizer.size(remaining, slots, secondsPerFrame, startup);

        long balanceCap = Math.max(1, remaining / ((long) ChunkSizer.CHUNKS_PER_SLOT * slots));
        if (size < balanceCap) {
            double share = startup / (startup + size * secondsPerFrame);
            assertThat(share * 100).isLessThanOrEqualTo(ChunkSizer.MAX_STARTUP_SHARE_PERCENT + 1e-6);
            if (size > 1) {
                // and it is the smallest such size
                double smaller = startup / (startup + (size - 1) * secondsPerFrame);
                assertThat(smaller * 100).isGreaterThan(ChunkSizer.MAX_STARTUP_SHARE_PERCENT - 1e-6);
            }
        }
    }

    @Property
    void shouldNeverGrowWhenFramesGetSlower(
            @ForAll @IntRange(min = 0, max = 100_000) int remaining,
            @ForAll @IntRange(min = 1, max = 64) int slots,
            @ForAll @DoubleRange(min = 0, max = 1000) double secondsPerFrame,
            @ForAll @DoubleRange(min = 0, max = 1000) double slower,
            @ForAll @DoubleRange(min = 0, max = 60) double startup) {
        int fast = ChunkSizer.size(remaining, slots, secondsPerFrame, startup);
        int slow = ChunkSizer.size(remaining, slots, secondsPerFrame + slower, startup);

        assertThat(slow).isLessThanOrEqualTo(fast);
    }

    @Property
    void shouldStartWithOneFrameChunksBeforeAnythingIsMeasured(
            @ForAll @IntRange(min = 0, max = 1_000_000) int remaining,
            @ForAll @IntRange(min = 1, max = 512) int slots,
            @ForAll @DoubleRange(min = 0, max = 60) double startup) {
        assertThat(ChunkSizer.size(remaining, slots, Double.NaN, startup)).isEqualTo(1);
    }
}

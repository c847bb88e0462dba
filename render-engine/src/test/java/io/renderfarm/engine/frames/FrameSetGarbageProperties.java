package io.renderfarm.engine.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Frame specifications as a careless or hostile user types them: any text at all (any Unicode, huge numbers,
 * negative and reversed ranges, zero steps) gives either a valid bounded set or a {@link FrameSetException} with a
 * message, never another exception, never a set over the limits.
 */
class FrameSetGarbageProperties {

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.strings().withChars("0123456789-,xX \t+.e_").ofMaxLength(30),
                Arbitraries.strings().numeric().ofMinLength(8).ofMaxLength(25).map(s -> "1-" + s));
    }

    @Property(tries = 2000)
    void shouldGiveABoundedSetOrAFrameSetExceptionForAnyText(@ForAll("anyText") String spec) {
        FrameSet parsed;
        try {
            parsed = FrameSet.parse(spec);
        } catch (FrameSetException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(parsed.isEmpty()).isFalse();
        assertThat(parsed.size()).isLessThanOrEqualTo(FrameSet.MAX_FRAMES);
        assertThat(parsed.first()).isGreaterThanOrEqualTo(0);
        assertThat(parsed.last()).isLessThanOrEqualTo(FrameSet.MAX_FRAME_NUMBER);
        assertThat(FrameSet.parse(parsed.toString())).isEqualTo(parsed);
    }

    @Property
    void shouldRefuseNumbersAboveTheLimitWhateverTheirSize(
            @ForAll @LongRange(min = FrameSet.MAX_FRAME_NUMBER + 1L, max = Long.MAX_VALUE) long huge) {
        assertThatThrownBy(() -> FrameSet.parse("1-" + huge)).isInstanceOf(FrameSetException.class);
        assertThatThrownBy(() -> FrameSet.parse(Long.toString(huge))).isInstanceOf(FrameSetException.class);
        assertThatThrownBy(() -> FrameSet.parse(huge + "0000000000")).isInstanceOf(FrameSetException.class);
    }

    @Property
    void shouldRefuseReversedRangesNegativeFramesAndZeroSteps(
            @ForAll @IntRange(min = 0, max = 1_000_000) int a, @ForAll @IntRange(min = 1, max = 1_000) int d) {
        assertThatThrownBy(() -> FrameSet.parse((a + d) + "-" + a))
                .isInstanceOf(FrameSetException.class)
                .hasMessageContaining("reversed");
        assertThatThrownBy(() -> FrameSet.parse("-" + d)).isInstanceOf(FrameSetException.class);
        assertThatThrownBy(() -> FrameSet.parse(a + "-" + (a + d) + "x0")).isInstanceOf(FrameSetException.class);
        assertThatThrownBy(() -> FrameSet.parse(a + "-" + (a + d) + "x-" + d)).isInstanceOf(FrameSetException.class);
    }

    @Property
    void shouldRefuseSetsOverTheLimitBeforeBuildingThem(@ForAll @IntRange(min = 1, max = 50) int extra) {
        assertThatThrownBy(() -> FrameSet.parse("0-" + (FrameSet.MAX_FRAMES - 1 + extra)))
                .isInstanceOf(FrameSetException.class)
                .hasMessageContaining(Integer.toString(FrameSet.MAX_FRAMES));
    }
}

package io.renderfarm.engine.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameSetTest {

    @Test
    void shouldParseASingleFrame() {
        assertThat(FrameSet.parse("7").toArray()).containsExactly(7);
    }

    @Test
    void shouldParseAnInclusiveRange() {
        FrameSet frames = FrameSet.parse("1-100");
        assertThat(frames.size()).isEqualTo(100);
        assertThat(frames.first()).isEqualTo(1);
        assertThat(frames.last()).isEqualTo(100);
        assertThat(frames.step()).isEqualTo(1);
    }

    @Test
    void shouldParseARangeWithAStep() {
        FrameSet frames = FrameSet.parse("1-100x5");
        assertThat(frames.size()).isEqualTo(20);
        assertThat(frames.last()).isEqualTo(96);
        assertThat(frames.step()).isEqualTo(5);
    }

    @Test
    void shouldAcceptAnUppercaseStepMarker() {
        assertThat(FrameSet.parse("1-9X4").toArray()).containsExactly(1, 5, 9);
    }

    @Test
    void shouldParseAListAndMergeOverlaps() {
        assertThat(FrameSet.parse("1,5,9-12").toArray()).containsExactly(1, 5, 9, 10, 11, 12);
        assertThat(FrameSet.parse("10-12, 1 ,11-13").toArray()).containsExactly(1, 10, 11, 12, 13);
    }

    @Test
    void shouldIgnoreWhitespaceAroundTokens() {
        assertThat(FrameSet.parse(" 1 - 10 x 3 , 20 ")).isEqualTo(FrameSet.of(1, 4, 7, 10, 20));
    }

    @Test
    void shouldAcceptFrameZeroAndZeroPaddedNumbers() {
        assertThat(FrameSet.parse("0-2").toArray()).containsExactly(0, 1, 2);
        assertThat(FrameSet.parse("0001-0003").toArray()).containsExactly(1, 2, 3);
        assertThat(FrameSet.parse("0000000000042").toArray()).containsExactly(42);
    }

    @Test
    void shouldAcceptAStepLargerThanTheRange() {
        assertThat(FrameSet.parse("5-7x100").toArray()).containsExactly(5);
    }

    @Test
    void shouldAcceptTheHighestFrameNumber() {
        assertThat(FrameSet.parse(String.valueOf(FrameSet.MAX_FRAME_NUMBER)).first())
                .isEqualTo(FrameSet.MAX_FRAME_NUMBER);
    }

    @Test
    void shouldAcceptExactlyTheMaximumNumberOfFrames() {
        assertThat(FrameSet.parse("1-" + FrameSet.MAX_FRAMES).size()).isEqualTo(FrameSet.MAX_FRAMES);
    }

    @Test
    void shouldCountOnlyDistinctFramesAgainstTheLimit() {
        String spec = "1-" + FrameSet.MAX_FRAMES + ",1-" + FrameSet.MAX_FRAMES + ",17";
        assertThat(FrameSet.parse(spec).size()).isEqualTo(FrameSet.MAX_FRAMES);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "\"\"          | empty",
                "\"   \"       | empty",
                "1,,2          | empty element",
                "1,            | empty element",
                ",1            | empty element",
                "10-1          | '10-1' is reversed: write 1-10",
                "-5            | negative frame number in '-5'",
                "1--5          | negative frame number in '1--5'",
                "1-10x0        | step in '1-10x0' must be at least 1",
                "1-10x         | missing step in '1-10x'",
                "5x2           | a step needs a range: '5x2'",
                "1-            | missing frame number in '1-'",
                "abc           | 'abc' in 'abc' is not a frame number",
                "1-10xa        | 'a' in '1-10xa' is not a step",
                "1.5           | '1.5' in '1.5' is not a frame number",
                "\"1 0\"       | '1 0' in '1 0' is not a frame number",
                "+3            | '+3' in '+3' is not a frame number",
                "100000000     | frame number 100000000 in '100000000' is above 99999999",
                "9999999999    | frame number 9999999999 in '9999999999' is too large",
                "1-10x5x2      | '5x2' in '1-10x5x2' is not a step",
            })
    void shouldRejectMalformedSpecificationsNamingTheBadPart(String spec, String message) {
        assertThatThrownBy(() -> FrameSet.parse(spec))
                .isInstanceOf(FrameSetException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void shouldRejectNull() {
        assertThatThrownBy(() -> FrameSet.parse(null)).isInstanceOf(FrameSetException.class);
    }

    @Test
    void shouldRejectARangeWithTooManyFrames() {
        assertThatThrownBy(() -> FrameSet.parse("0-99999999"))
                .isInstanceOf(FrameSetException.class)
                .hasMessageContaining("'0-99999999' has 100000000 frames");
    }

    @Test
    void shouldRejectASpecificationWhoseDistinctFramesExceedTheLimit() {
        String spec = "1-" + FrameSet.MAX_FRAMES + ",2000000";
        assertThatThrownBy(() -> FrameSet.parse(spec))
                .isInstanceOf(FrameSetException.class)
                .hasMessageContaining("'2000000' makes the frame specification exceed");
    }

    @Test
    void shouldBuildFromFramesInAnyOrderWithDuplicates() {
        assertThat(FrameSet.of(5, 1, 5, 3).toArray()).containsExactly(1, 3, 5);
        assertThat(FrameSet.of(List.of(9, 2, 2))).isEqualTo(FrameSet.of(2, 9));
    }

    @Test
    void shouldNotShareTheCallersArray() {
        int[] frames = {3, 1, 2};
        FrameSet set = FrameSet.of(frames);
        frames[0] = 99;
        assertThat(set.toArray()).containsExactly(1, 2, 3);
        set.toArray()[0] = 42;
        assertThat(set.first()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, FrameSet.MAX_FRAME_NUMBER + 1})
    void shouldRejectFramesOutOfBounds(int frame) {
        assertThatThrownBy(() -> FrameSet.of(frame))
                .isInstanceOf(FrameSetException.class)
                .hasMessageContaining(String.valueOf(frame));
    }

    @Test
    void shouldBuildARange() {
        assertThat(FrameSet.range(3, 5).toArray()).containsExactly(3, 4, 5);
        assertThatThrownBy(() -> FrameSet.range(5, 3)).isInstanceOf(FrameSetException.class);
    }

    @Test
    void shouldDescribeTheEmptySet() {
        FrameSet empty = FrameSet.empty();
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.size()).isZero();
        assertThat(empty.step()).isZero();
        assertThat(empty.toString()).isEmpty();
        assertThat(FrameSet.of()).isEqualTo(empty);
        assertThatThrownBy(empty::first).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(empty::last).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void shouldTellArithmeticProgressionsByTheirStep() {
        assertThat(FrameSet.of(4).step()).isEqualTo(1);
        assertThat(FrameSet.of(4, 10).step()).isEqualTo(6);
        assertThat(FrameSet.parse("1-20x3").step()).isEqualTo(3);
        assertThat(FrameSet.parse("1,2,4").step()).isZero();
    }

    @Test
    void shouldAnswerMembership() {
        FrameSet frames = FrameSet.parse("1-10x3");
        assertThat(frames.contains(7)).isTrue();
        assertThat(frames.contains(8)).isFalse();
    }

    @Test
    void shouldSliceByPosition() {
        FrameSet frames = FrameSet.parse("10-19");
        assertThat(frames.slice(2, 5).toArray()).containsExactly(12, 13, 14);
        assertThat(frames.slice(0, frames.size())).isSameAs(frames);
        assertThat(frames.slice(3, 3).isEmpty()).isTrue();
    }

    @Test
    void shouldRemoveFrames() {
        FrameSet frames = FrameSet.parse("1-6");
        assertThat(frames.minus(List.of(2, 4, 99)).toArray()).containsExactly(1, 3, 5, 6);
        assertThat(frames.minus(FrameSet.of(1, 6)).toArray()).containsExactly(2, 3, 4, 5);
    }

    @Test
    @Timeout(5) // a list lookup per frame would take minutes here
    void shouldRemoveAManyFramesListQuickly() {
        FrameSet frames = FrameSet.range(0, 199_999);
        List<Integer> done = new ArrayList<>();
        for (int f = 0; f < 199_999; f++) {
            done.add(f);
        }
        assertThat(frames.minus(done).toArray()).containsExactly(199_999);
    }

    @Test
    void shouldIterateInAscendingOrder() {
        List<Integer> seen = new ArrayList<>();
        FrameSet.parse("9,3,5").forEach(seen::add);
        assertThat(seen).containsExactly(3, 5, 9);
        var iterator = FrameSet.of(1).iterator();
        iterator.next();
        assertThatThrownBy(iterator::next).isInstanceOf(NoSuchElementException.class);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "1-100        | 1-100",
                "1-100x5      | 1-96x5",
                "1,5,9-12     | 1-9x4,10-12",
                "1,2          | 1,2",
                "1,2,3        | 1-3",
                "1,3,5,6,7    | 1-5x2,6,7",
                "7            | 7",
                "3,1,2        | 1-3",
            })
    void shouldPrintACanonicalSpecification(String spec, String canonical) {
        assertThat(FrameSet.parse(spec)).hasToString(canonical);
        assertThat(FrameSet.parse(canonical)).isEqualTo(FrameSet.parse(spec));
    }

    @Test
    void shouldCompareByFrames() {
        assertThat(FrameSet.parse("1-3")).isEqualTo(FrameSet.of(3, 2, 1)).hasSameHashCodeAs(FrameSet.of(1, 2, 3));
        assertThat(FrameSet.parse("1-3")).isNotEqualTo(FrameSet.parse("1-4"));
    }

    @Test
    void shouldSurviveJavaSerialization() throws Exception {
        FrameSet frames = FrameSet.parse("1-10x3,50");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(frames);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(frames);
        }
    }
}

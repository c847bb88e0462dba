package io.renderfarm.engine.frames;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class FrameSetProperties {

    /** A range term {@code a-bxs} together with the frames it stands for. */
    record Term(String text, Set<Integer> frames) {}

    @Provide
    Arbitrary<Term> terms() {
        Arbitrary<Integer> start = Arbitraries.integers().between(0, 500);
        Arbitrary<Integer> length = Arbitraries.integers().between(0, 300);
        Arbitrary<Integer> step = Arbitraries.integers().between(1, 12);
        return Combinators.combine(start, length, step).as((a, n, s) -> {
            Set<Integer> frames = new TreeSet<>();
            for (int f = a; f <= a + n; f += s) {
                frames.add(f);
            }
            String text = n == 0 ? String.valueOf(a) : s == 1 ? a + "-" + (a + n) : a + "-" + (a + n) + "x" + s;
            return new Term(text, frames);
        });
    }

    @Property
    void shouldParseAListAsTheUnionOfItsTerms(@ForAll @Size(min = 1, max = 6) List<@From("terms") Term> terms) {
        String spec = terms.stream().map(Term::text).collect(Collectors.joining(","));
        Set<Integer> expected = new TreeSet<>();
        terms.forEach(t -> expected.addAll(t.frames()));

        FrameSet parsed = FrameSet.parse(spec);

        assertThat(parsed.stream().boxed().toList()).containsExactlyElementsOf(expected);
    }

    @Property
    void shouldRoundTripThroughItsCanonicalSpecification(
            @ForAll @Size(min = 1, max = 60) Set<@IntRange(min = 0, max = 400) Integer> frames) {
        FrameSet set = FrameSet.of(frames);

        assertThat(FrameSet.parse(set.toString())).isEqualTo(set);
    }

    @Property
    void shouldKeepFramesSortedAndDistinct(@ForAll @Size(max = 80) List<@IntRange(min = 0, max = 200) Integer> frames) {
        int[] values = FrameSet.of(frames).toArray();

        assertThat(values).isSorted().doesNotHaveDuplicates();
        assertThat(values).hasSize(new TreeSet<>(frames).size());
    }

    @Property
    void shouldReportAStepExactlyForArithmeticProgressions(
            @ForAll @IntRange(min = 0, max = 1000) int first,
            @ForAll @IntRange(min = 1, max = 50) int step,
            @ForAll @IntRange(min = 1, max = 100) int count) {
        FrameSet progression = FrameSet.parse(first + "-" + (first + (count - 1) * step) + "x" + step);

        assertThat(progression.size()).isEqualTo(count);
        assertThat(progression.step()).isEqualTo(count == 1 ? 1 : step);
    }

    @Property
    void shouldRemoveExactlyTheExcludedFrames(
            @ForAll @Size(max = 50) Set<@IntRange(min = 0, max = 100) Integer> frames,
            @ForAll @Size(max = 50) Set<@IntRange(min = 0, max = 100) Integer> excluded) {
        Set<Integer> expected = new TreeSet<>(frames);
        expected.removeAll(excluded);

        FrameSet rest = FrameSet.of(frames).minus(List.copyOf(excluded));

        assertThat(rest.stream().boxed().toList()).containsExactlyElementsOf(expected);
        assertThat(FrameSet.of(frames).minus(FrameSet.of(excluded))).isEqualTo(rest);
    }

    @Property
    void shouldNeverThrowAnythingButFrameSetExceptionOnArbitraryText(@ForAll("specLikeText") String spec) {
        try {
            FrameSet parsed = FrameSet.parse(spec);
            assertThat(FrameSet.parse(parsed.toString())).isEqualTo(parsed);
        } catch (FrameSetException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> specLikeText() {
        return Arbitraries.strings().withChars("0123456789-,xX ").ofMaxLength(14);
    }
}

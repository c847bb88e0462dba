package io.renderfarm.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.frames.FrameSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ChunkerProperties {

    @Property
    void shouldCoverTheInputExactlyInAscendingOrder(
            @ForAll @Size(max = 120) Set<@IntRange(min = 0, max = 300) Integer> frameNumbers,
            @ForAll @IntRange(min = 1, max = 40) int chunkSize) {
        FrameSet frames = FrameSet.of(frameNumbers);

        List<Integer> concatenated = new ArrayList<>();
        Chunker.chunk(frames, chunkSize).forEach(chunk -> chunk.forEach(concatenated::add));

        // Concatenation equal to the ascending input means: union is the input, disjoint, and in order.
        assertThat(concatenated).containsExactlyElementsOf(frames);
    }

    @Property
    void shouldMakeEveryChunkANonEmptyProgressionOfAtMostChunkSize(
            @ForAll @Size(max = 120) Set<@IntRange(min = 0, max = 300) Integer> frameNumbers,
            @ForAll @IntRange(min = 1, max = 40) int chunkSize) {
        for (FrameSet chunk : Chunker.chunk(FrameSet.of(frameNumbers), chunkSize)) {
            assertThat(chunk.isEmpty()).isFalse();
            assertThat(chunk.step()).isNotZero();
            assertThat(chunk.size()).isLessThanOrEqualTo(chunkSize);
        }
    }

    @Property
    void shouldOnlyCutShortWhereTheStepChanges(
            @ForAll @Size(max = 120) Set<@IntRange(min = 0, max = 300) Integer> frameNumbers,
            @ForAll @IntRange(min = 1, max = 40) int chunkSize) {
        List<FrameSet> chunks = Chunker.chunk(FrameSet.of(frameNumbers), chunkSize);
        for (int i = 0; i + 1 < chunks.size(); i++) {
            FrameSet chunk = chunks.get(i);
            if (chunk.size() < chunkSize) {
                int next = chunks.get(i + 1).first();
                boolean extended = FrameSet.of(concat(chunk.toArray(), next)).step() != 0;
                assertThat(extended)
                        .as("chunk %s could have taken %d", chunk, next)
                        .isFalse();
            }
        }
    }

    @Property
    void shouldSplitAPlainRangeIntoCeilingManyChunks(
            @ForAll @IntRange(min = 0, max = 1000) int first,
            @ForAll @IntRange(min = 1, max = 500) int count,
            @ForAll @IntRange(min = 1, max = 60) int chunkSize) {
        List<FrameSet> chunks = Chunker.chunk(FrameSet.range(first, first + count - 1), chunkSize);

        assertThat(chunks).hasSize((count + chunkSize - 1) / chunkSize);
    }

    private static int[] concat(int[] values, int extra) {
        int[] all = java.util.Arrays.copyOf(values, values.length + 1);
        all[values.length] = extra;
        return all;
    }
}

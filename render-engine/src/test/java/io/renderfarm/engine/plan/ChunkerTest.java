package io.renderfarm.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderfarm.engine.frames.FrameSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkerTest {

    private static List<String> chunkSpecs(String frames, int chunkSize) {
        return Chunker.chunk(FrameSet.parse(frames), chunkSize).stream()
                .map(FrameSet::toString)
                .toList();
    }

    @Test
    void shouldCutARangeIntoAlignedChunksWithAShortLastOne() {
        assertThat(chunkSpecs("1-25", 10)).containsExactly("1-10", "11-20", "21-25");
    }

    @Test
    void shouldKeepTheStepOfASteppedRange() {
        assertThat(chunkSpecs("1-100x10", 4)).containsExactly("1-31x10", "41-71x10", "81,91");
    }

    @Test
    void shouldSplitWhereTheStepChanges() {
        assertThat(chunkSpecs("1,5,9-12", 10)).containsExactly("1-9x4", "10-12");
        assertThat(chunkSpecs("1-5,10-20x5,30", 100)).containsExactly("1-5", "10-20x5", "30");
    }

    @Test
    void shouldGiveOneChunkPerFrameForSizeOne() {
        assertThat(chunkSpecs("3-5", 1)).containsExactly("3", "4", "5");
    }

    @Test
    void shouldTakeTwoFramesWithAnyGapAsOneChunk() {
        assertThat(chunkSpecs("1,1000", 5)).containsExactly("1,1000");
    }

    @Test
    void shouldGiveTheWholeSetWhenItIsOneShortProgression() {
        FrameSet frames = FrameSet.parse("1-10");
        assertThat(Chunker.chunk(frames, 50)).containsExactly(frames);
    }

    @Test
    void shouldGiveNoChunksForAnEmptySet() {
        assertThat(Chunker.chunk(FrameSet.empty(), 5)).isEmpty();
    }

    @Test
    void shouldCopeWithTheLargestChunkSize() {
        assertThat(Chunker.chunk(FrameSet.parse("1-3"), Integer.MAX_VALUE)).containsExactly(FrameSet.parse("1-3"));
    }

    @Test
    void shouldReturnAnUnmodifiableList() {
        List<FrameSet> chunks = Chunker.chunk(FrameSet.parse("1-3"), 1);
        assertThatThrownBy(() -> chunks.add(FrameSet.of(9))).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void shouldRejectAChunkSizeBelowOne(int chunkSize) {
        assertThatThrownBy(() -> Chunker.chunk(FrameSet.parse("1-10"), chunkSize))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chunk size must be at least 1, got " + chunkSize);
    }

    @Test
    void shouldRejectAMissingFrameSet() {
        assertThatThrownBy(() -> Chunker.chunk(null, 3)).isInstanceOf(NullPointerException.class);
    }
}

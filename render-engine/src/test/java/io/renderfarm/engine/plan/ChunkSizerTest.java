package io.renderfarm.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChunkSizerTest {

    @Test
    void shouldRenderSingleFramesUntilSomethingIsMeasured() {
        assertThat(ChunkSizer.size(1000, 4, Double.NaN, 5.0)).isEqualTo(1);
    }

    @Test
    void shouldTakeTheSmallestChunkThatKeepsStartUpAtTenPercent() {
        // 1 s start-up, 0.5 s per frame: 18 frames take 9 s, so start-up is 1 s of 10 s.
        assertThat(ChunkSizer.size(400, 4, 0.5, 1.0)).isEqualTo(18);
        assertThat(ChunkSizer.size(400, 4, 0.6, 1.0)).isEqualTo(15);
        assertThat(ChunkSizer.size(400, 4, 0.7, 1.0)).isEqualTo(13);
    }

    @Test
    void shouldLetBalanceWinNearTheEndOfAJob() {
        // Overhead wants 18 frames, but 40 frames on 4 slots allow 5 per chunk for 2 chunks per slot.
        assertThat(ChunkSizer.size(40, 4, 0.5, 1.0)).isEqualTo(5);
    }

    @Test
    void shouldRenderSlowFramesOneByOne() {
        assertThat(ChunkSizer.size(1000, 4, 120.0, 2.0)).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 4", "1, 4", "7, 4", "3, 1",
    })
    void shouldNeverGoBelowOneFrame(int remaining, int slots) {
        assertThat(ChunkSizer.size(remaining, slots, 0.01, 10.0)).isEqualTo(1);
    }

    @Test
    void shouldNotChunkWhenStartUpIsFree() {
        assertThat(ChunkSizer.size(1000, 2, 0.01, 0.0)).isEqualTo(1);
    }

    @Test
    void shouldTreatFramesMeasuredAsInstantAsAllOverhead() {
        assertThat(ChunkSizer.size(1000, 2, 0.0, 1.0)).isEqualTo(250);
    }

    @Test
    void shouldNotOverflowOnHugeRatios() {
        assertThat(ChunkSizer.size(Integer.MAX_VALUE, 1, Double.MIN_VALUE, 1e300))
                .isEqualTo(Integer.MAX_VALUE / 2);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "-1 | 1 | 1.0 | 1.0 | remaining frames must not be negative, got -1",
                "10 | 0 | 1.0 | 1.0 | at least 1 slot, got 0",
                "10 | 1 | -1  | 1.0 | seconds per frame must be a finite non-negative number or NaN, got -1.0",
                "10 | 1 | Infinity | 1.0 | seconds per frame",
                "10 | 1 | 1.0 | -2  | start-up seconds must be a finite non-negative number, got -2.0",
                "10 | 1 | 1.0 | NaN | start-up seconds",
                "10 | 1 | 1.0 | Infinity | start-up seconds",
            })
    void shouldRejectImpossibleInputs(
            int remaining, int slots, double secondsPerFrame, double startup, String message) {
        assertThatThrownBy(() -> ChunkSizer.size(remaining, slots, secondsPerFrame, startup))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}

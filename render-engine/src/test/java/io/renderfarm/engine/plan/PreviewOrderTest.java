package io.renderfarm.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderfarm.engine.frames.FrameSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreviewOrderTest {

    @Test
    void shouldStartWithFirstLastAndMiddleThenHalveTheGapsBreadthFirst() {
        assertThat(PreviewOrder.of(FrameSet.parse("1-100"), 9)).containsExactly(1, 100, 50, 25, 75, 13, 37, 62, 87);
    }

    @Test
    void shouldStopAtTheRequestedCount() {
        assertThat(PreviewOrder.of(FrameSet.parse("1-100"), 3)).containsExactly(1, 100, 50);
        assertThat(PreviewOrder.of(FrameSet.parse("1-100"), 1)).containsExactly(1);
        assertThat(PreviewOrder.of(FrameSet.parse("1-100"), 0)).isEmpty();
    }

    @Test
    void shouldPickOnlyFramesOfTheSet() {
        assertThat(PreviewOrder.of(FrameSet.parse("1-100x10"), 4)).containsExactly(1, 91, 41, 21);
        assertThat(PreviewOrder.of(FrameSet.parse("1-3,1000-1002"), 3)).containsExactly(1, 1002, 3);
    }

    @Test
    void shouldGiveEveryFrameOnceWhenMoreAreRequestedThanExist() {
        List<Integer> order = PreviewOrder.of(FrameSet.parse("10-16"), 50);
        assertThat(order).containsExactly(10, 16, 13, 11, 14, 12, 15);
    }

    @Test
    void shouldHandleTinySets() {
        assertThat(PreviewOrder.of(FrameSet.of(7), 3)).containsExactly(7);
        assertThat(PreviewOrder.of(FrameSet.of(7, 9), 3)).containsExactly(7, 9);
        assertThat(PreviewOrder.of(FrameSet.empty(), 3)).isEmpty();
    }

    @Test
    void shouldRejectANegativeCount() {
        assertThatThrownBy(() -> PreviewOrder.of(FrameSet.parse("1-10"), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative, got -1");
    }

    @Test
    void shouldReturnAnUnmodifiableList() {
        List<Integer> order = PreviewOrder.of(FrameSet.parse("1-10"), 3);
        assertThatThrownBy(() -> order.add(4)).isInstanceOf(UnsupportedOperationException.class);
    }
}

package io.renderfarm.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.frames.FrameSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class PreviewOrderProperties {

    @Property
    void shouldGiveDistinctFramesOfTheSetUpToTheCount(
            @ForAll @Size(max = 200) Set<@IntRange(min = 0, max = 1000) Integer> frameNumbers,
            @ForAll @IntRange(min = 0, max = 250) int count) {
        FrameSet frames = FrameSet.of(frameNumbers);

        List<Integer> order = PreviewOrder.of(frames, count);

        assertThat(order).doesNotHaveDuplicates().hasSize(Math.min(count, frames.size()));
        assertThat(order).allMatch(frames::contains);
        if (order.size() >= 2) {
            assertThat(order.subList(0, 2)).containsExactly(frames.first(), frames.last());
        }
    }

    @Property
    void shouldExtendShorterOrders(
            @ForAll @Size(max = 200) Set<@IntRange(min = 0, max = 1000) Integer> frameNumbers,
            @ForAll @IntRange(min = 0, max = 250) int count) {
        FrameSet frames = FrameSet.of(frameNumbers);

        List<Integer> shorter = PreviewOrder.of(frames, count);
        List<Integer> longer = PreviewOrder.of(frames, count + 1);

        assertThat(longer.subList(0, shorter.size())).isEqualTo(shorter);
    }
}

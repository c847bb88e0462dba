package io.renderfarm.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The renderer checks every real-render test starts with: a skip on a developer's machine, a failure on CI. */
class TestScenesTest {
    @Test
    void shouldLetAMissingRendererSkipTheTestOnlyWhenRenderersAreNotRequired() {
        assertThat(TestScenes.required("povray", false, false)).isFalse();
        assertThat(TestScenes.required("povray", true, true)).isTrue();
        assertThatThrownBy(() -> TestScenes.required("povray", false, true))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("povray is missing and renderfarm.requireRenderers is set (CI)");
    }
}

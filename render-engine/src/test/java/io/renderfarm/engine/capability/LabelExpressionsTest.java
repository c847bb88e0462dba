package io.renderfarm.engine.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelExpressionsTest {
    @Test
    void narrowsTheProfilesExpressionWithAParenthesisedPool() {
        assertThat(LabelExpressions.withPool("blender-4.2 && gpu", "render-pool || farm"))
                .isEqualTo("blender-4.2 && gpu && (render-pool || farm)");
        assertThat(LabelExpressions.withPool("povray", "  ")).isEqualTo("povray");
        assertThat(LabelExpressions.withPool("povray", null)).isEqualTo("povray");
    }

    @Test
    void refusesAnEmptyBase() {
        assertThatThrownBy(() -> LabelExpressions.withPool(" ", "pool")).isInstanceOf(IllegalArgumentException.class);
    }
}

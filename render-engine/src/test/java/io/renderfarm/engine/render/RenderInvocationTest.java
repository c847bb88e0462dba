package io.renderfarm.engine.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.GpuBackend;
import io.renderfarm.engine.job.OutputFormat;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RenderInvocationTest {
    private static RenderInvocation.Builder shot() {
        return RenderInvocation.builder()
                .executable("povray")
                .scene(Path.of("/scenes/shot.pov"))
                .frames(FrameSet.range(1, 3))
                .outputDir(Path.of("/scratch/out"));
    }

    @Test
    void shouldDefaultToTheRenderersThreadsFinalQualityTheScenesFormatNoScriptsAndTheCpu() {
        RenderInvocation invocation = shot().build();

        assertThat(invocation)
                .isEqualTo(new RenderInvocation(
                        "povray",
                        Path.of("/scenes/shot.pov"),
                        FrameSet.range(1, 3),
                        Path.of("/scratch/out"),
                        0,
                        Quality.FINAL,
                        OutputFormat.SCENE,
                        false,
                        null));
    }

    @Test
    void shouldValidateWhatTheBuilderCollectedLikeTheConstructor() {
        assertThatThrownBy(() -> shot().gpu(GpuBackend.ANY).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concrete GPU backend");
        assertThatThrownBy(() -> shot().scene(null).build()).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> shot().frames(FrameSet.of(1, 2, 4)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arithmetic frame progression");
    }
}

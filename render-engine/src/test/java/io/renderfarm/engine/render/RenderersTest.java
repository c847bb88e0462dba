package io.renderfarm.engine.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RenderersTest {

    @Test
    void shouldKnowBlenderAndPovRay() {
        assertThat(Renderers.all()).extracting(Renderer::name).containsExactly("blender", "povray");
    }

    @Test
    void shouldFindARendererByName() {
        assertThat(Renderers.forName("blender")).isInstanceOf(BlenderRenderer.class);
        assertThat(Renderers.forName("povray")).isInstanceOf(PovRayRenderer.class);
    }

    @Test
    void shouldFindNothingForAnUnknownNameWithoutThrowing() {
        assertThat(Renderers.find("povray")).containsInstanceOf(PovRayRenderer.class);
        assertThat(Renderers.find("maya")).isEmpty();
        assertThat(Renderers.find(null)).isEmpty();
    }

    @Test
    void shouldStateWhichRenderersASlotMayKeepResident() {
        assertThat(Renderers.all())
                .filteredOn(Renderer::supportsResident)
                .extracting(Renderer::name)
                .containsExactly("blender");
    }

    @Test
    void shouldNameTheKnownRenderersForAnUnknownName() {
        assertThatThrownBy(() -> Renderers.forName("maya"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown renderer 'maya': known are blender, povray");
        assertThatThrownBy(() -> Renderers.forName(null)).hasMessageContaining("unknown renderer 'null'");
    }

    @Test
    void shouldFindTheRendererOfASceneByItsExtension() {
        assertThat(Renderers.forScene(Path.of("shots/a.blend"))).containsInstanceOf(BlenderRenderer.class);
        assertThat(Renderers.forScene(Path.of("A.BLEND"))).containsInstanceOf(BlenderRenderer.class);
        assertThat(Renderers.forScene(Path.of("scene.pov"))).containsInstanceOf(PovRayRenderer.class);
        assertThat(Renderers.forScene(Path.of("colors.inc"))).isEmpty();
        assertThat(Renderers.forScene(Path.of("a.blend1"))).isEmpty();
        assertThat(Renderers.forScene(Path.of("/"))).isEmpty();
    }
}

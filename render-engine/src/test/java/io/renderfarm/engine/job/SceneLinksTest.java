package io.renderfarm.engine.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One path in a scene's folder, as the Jenkins plugin checks each file it copies from a workspace. */
class SceneLinksTest {
    @TempDir
    Path dir;

    @Test
    void shouldResolveAPathThroughLinksThatStayInside() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("shot/textures"));
        Files.writeString(folder.resolve("wood.png"), "wood");
        Files.createSymbolicLink(dir.resolve("shot/tex"), Path.of("textures"));

        assertThat(SceneLinks.resolve(dir.resolve("shot"), "tex/wood.png"))
                .contains(dir.resolve("shot/textures/wood.png").toRealPath());
        assertThat(SceneLinks.resolve(dir.resolve("shot"), "textures/wood.png"))
                .contains(dir.resolve("shot/textures/wood.png").toRealPath());
    }

    @Test
    void shouldRefuseAFileBelowALinkedFolderOutsideNamingTheLink() throws Exception {
        Files.createDirectories(dir.resolve("shot/inc"));
        Files.writeString(Files.createDirectories(dir.resolve("secrets")).resolve("master.key"), "x");
        Files.createSymbolicLink(dir.resolve("shot/inc/keys"), dir.resolve("secrets"));

        assertThatThrownBy(() -> SceneLinks.resolve(dir.resolve("shot"), "inc/keys/master.key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the link inc/keys leads outside the scene's folder");
    }

    @Test
    void shouldRefuseALinkBackToAFolderOnTheWay() throws Exception {
        Files.createDirectories(dir.resolve("shot/a"));
        Files.writeString(dir.resolve("shot/x.pov"), "x");
        Files.createSymbolicLink(dir.resolve("shot/a/up"), Path.of(".."));

        assertThatThrownBy(() -> SceneLinks.resolve(dir.resolve("shot"), "a/up/x.pov"))
                .hasMessageContaining("the link a/up leads back to a folder that holds it");
    }

    @Test
    void shouldGiveNothingForALinkThatLeadsNowhere() throws Exception {
        Files.createDirectories(dir.resolve("shot"));
        Files.createSymbolicLink(dir.resolve("shot/gone.png"), Path.of("missing.png"));

        assertThat(SceneLinks.resolve(dir.resolve("shot"), "gone.png")).isEmpty();
    }
}

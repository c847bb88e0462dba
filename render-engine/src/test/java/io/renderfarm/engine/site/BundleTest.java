package io.renderfarm.engine.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderfarm.engine.verify.FrameVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        return Files.writeString(f, content);
    }

    @Test
    void shouldTakeTheScenesWholeFolderButHiddenFilesBackupsAndTheOutput() throws Exception {
        Path scene = write("shot.blend", "scene");
        write("textures/wood.png", "wood");
        write("inc/a.inc", "a");
        write(".git/config", "x");
        write("shot.blend1", "backup");
        write("renders/shot_0001.png", "frame");

        Bundle bundle = Bundle.of(scene, List.of(), List.of(dir.resolve("renders")));

        assertThat(bundle.scene()).isEqualTo("shot.blend");
        assertThat(bundle.entries()).extracting(FileEntry::path)
                .containsExactly("inc/a.inc", "shot.blend", "textures/wood.png");
        assertThat(bundle.entries().get(2).sha256()).isEqualTo(FrameVerifier.sha256(dir.resolve("textures/wood.png")));
        assertThat(bundle.totalBytes()).isEqualTo(10);
        assertThat(bundle.localFile(bundle.entries().get(0))).isEqualTo(dir.resolve("inc/a.inc"));
    }

    @Test
    void shouldTakeOnlyTheNamedAssetsWhenGiven() throws Exception {
        Path scene = write("shot.pov", "scene");
        write("textures/wood.png", "wood");
        write("unrelated.txt", "x");

        Bundle bundle = Bundle.of(scene, List.of(Path.of("textures")), List.of());

        assertThat(bundle.entries()).extracting(FileEntry::path).containsExactly("shot.pov", "textures/wood.png");
    }

    @Test
    void shouldRefuseAssetsOutsideTheScenesFolder() throws Exception {
        Path scene = write("scene/shot.pov", "scene");
        write("secret.txt", "x");

        assertThatThrownBy(() -> Bundle.of(scene, List.of(Path.of("../secret.txt")), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    }

    @Test
    void shouldRefuseAMissingScene() {
        assertThatThrownBy(() -> Bundle.of(dir.resolve("nope.blend"), List.of(), List.of()))
                .hasMessageContaining("scene not found");
    }
}

package io.renderfarm.engine.site.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderfarm.engine.site.api.FileEntry;
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
        assertThat(bundle.entries())
                .extracting(FileEntry::path)
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
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside");
    }

    @Test
    void shouldRefuseAMissingScene() {
        assertThatThrownBy(() -> Bundle.of(dir.resolve("nope.blend"), List.of(), List.of()))
                .hasMessageContaining("scene not found");
    }

    @Test
    void shouldRefuseALinkToAFileOutsideTheScenesFolderNamingTheLink() throws Exception {
        Path scene = write("shot/shot.pov", "scene");
        Path secret = write("secrets/master.key", "do not send");
        Files.createSymbolicLink(dir.resolve("shot/k"), secret);

        assertThatThrownBy(() -> Bundle.of(scene, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the link k leads outside the scene's folder")
                .hasMessageNotContaining(secret.toString());
    }

    @Test
    void shouldRefuseALinkedFolderOutsideTheScenesFolderAlsoWhenNamedAsAnAsset() throws Exception {
        Path scene = write("shot/shot.pov", "scene");
        write("home/.ssh/id_rsa", "key");
        Files.createSymbolicLink(dir.resolve("shot/textures"), dir.resolve("home"));

        assertThatThrownBy(() -> Bundle.of(scene, List.of(), List.of()))
                .hasMessageContaining("the link textures leads outside");
        assertThatThrownBy(() -> Bundle.of(scene, List.of(Path.of("textures/.ssh/id_rsa")), List.of()))
                .hasMessageContaining("the link textures leads outside");
    }

    @Test
    void shouldRefuseASceneThatIsALinkOutsideItsFolder() throws Exception {
        Path secret = write("secret.pov", "#fopen");
        Files.createDirectories(dir.resolve("shot"));
        Path scene = Files.createSymbolicLink(dir.resolve("shot/shot.pov"), secret);

        assertThatThrownBy(() -> Bundle.of(scene, List.of(), List.of()))
                .hasMessageContaining("the link shot.pov leads outside");
    }

    @Test
    void shouldSendWhatLinksInsideTheFolderLeadToUnderTheLinksName() throws Exception {
        Path scene = write("shot/shot.pov", "scene");
        write("shot/textures/wood.png", "wood");
        Files.createSymbolicLink(dir.resolve("shot/current.png"), Path.of("textures/wood.png"));
        Files.createSymbolicLink(dir.resolve("shot/tex"), Path.of("textures"));
        Files.createSymbolicLink(dir.resolve("shot/gone.png"), Path.of("textures/missing.png"));

        Bundle bundle = Bundle.of(scene, List.of(), List.of());

        assertThat(bundle.entries())
                .extracting(FileEntry::path)
                .containsExactly("current.png", "shot.pov", "tex/wood.png", "textures/wood.png");
        assertThat(bundle.entries())
                .filteredOn(e -> e.path().endsWith(".png"))
                .extracting(FileEntry::sha256)
                .containsOnly(FrameVerifier.sha256(dir.resolve("shot/textures/wood.png")));
    }

    @Test
    void shouldRefuseALinkLoopNamingTheLink() throws Exception {
        Path scene = write("shot/shot.pov", "scene");
        Files.createDirectories(dir.resolve("shot/inc"));
        Files.createSymbolicLink(dir.resolve("shot/inc/again"), Path.of(".."));

        assertThatThrownBy(() -> Bundle.of(scene, List.of(), List.of()))
                .hasMessageContaining("the link inc/again leads back to a folder that holds it (a loop)");
    }

    @Test
    void shouldRefuseLinksThatPointAtEachOther() throws Exception {
        Path scene = write("shot/shot.pov", "scene");
        Files.createSymbolicLink(dir.resolve("shot/a"), Path.of("b"));
        Files.createSymbolicLink(dir.resolve("shot/b"), Path.of("a"));

        assertThatThrownBy(() -> Bundle.of(scene, List.of(), List.of()))
                .hasMessageContaining("the link a in the scene's folder cannot be resolved");
    }
}

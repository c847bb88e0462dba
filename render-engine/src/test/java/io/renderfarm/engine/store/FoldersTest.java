package io.renderfarm.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldersTest {
    @TempDir
    Path tmp;

    @Test
    void shouldDeleteAFolderWithEverythingInIt() throws Exception {
        Path folder = tmp.resolve("scratch");
        Files.createDirectories(folder.resolve("a/b"));
        Files.writeString(folder.resolve("a/b/frame.png"), "png");
        Files.writeString(folder.resolve("top.txt"), "x");

        assertThat(Folders.delete(folder)).isTrue();
        assertThat(folder).doesNotExist();
        assertThat(tmp).exists();
    }

    @Test
    void shouldTakeAMissingFolderForGone() {
        assertThat(Folders.delete(tmp.resolve("never-made"))).isTrue();
    }
}

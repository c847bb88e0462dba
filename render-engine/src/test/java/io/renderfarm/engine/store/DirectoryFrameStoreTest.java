package io.renderfarm.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryFrameStoreTest {
    @TempDir
    Path dir;

    @Test
    void shouldListOnlyFramesThatStillMatchTheirManifestLine() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir.resolve("out"));
        Path scratch = store.scratchRoot();
        for (int f = 1; f <= 3; f++) {
            Path rendered = Files.writeString(scratch.resolve("r" + f), "frame " + f);
            VerifiedFrame v = new VerifiedFrame(1, 1, Files.size(rendered), FrameVerifier.sha256(rendered));
            StoredFrame stored = store.putFrame(f, "f_000" + f + ".png", rendered, v);
            assertThat(stored.location())
                    .isEqualTo(store.directory().resolve("f_000" + f + ".png").toString());
            assertThat(rendered).as("moved, not copied").doesNotExist();
        }
        Files.writeString(store.directory().resolve("f_0002.png"), "edited by hand");
        Files.delete(store.directory().resolve("f_0003.png"));

        assertThat(store.verifiedFrames()).containsOnlyKeys(1);
    }

    @Test
    void shouldWriteSampleBytesAtomicallyAndReplaceTheOlderOne() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir);

        store.putSample("contact-sheet.png", "old".getBytes(StandardCharsets.UTF_8));
        String where = store.putSample("contact-sheet.png", "new".getBytes(StandardCharsets.UTF_8));

        assertThat(Path.of(where)).hasContent("new");
        try (var incoming = Files.list(dir.resolve(".renderfarm/incoming"))) {
            assertThat(incoming).isEmpty();
        }
    }

    @Test
    void shouldRefuseNamesThatLeaveTheirFolder() throws IOException {
        DirectoryFrameStore store = new DirectoryFrameStore(dir.resolve("out"));
        Path rendered = Files.writeString(dir.resolve("r"), "x");

        assertThatThrownBy(() -> store.putSample("../escape.png", new byte[] {1}))
                .hasMessageContaining("leaves the samples folder");
        assertThatThrownBy(() -> store.putFrame(1, "../escape.png", rendered, new VerifiedFrame(1, 1, 1, "00")))
                .hasMessageContaining("leaves the output folder");
        assertThat(dir.resolve("escape.png")).doesNotExist();
        assertThat(rendered).as("a refused frame is not lost").exists();
    }
}

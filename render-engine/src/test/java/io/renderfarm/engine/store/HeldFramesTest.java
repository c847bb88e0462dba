package io.renderfarm.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.FrameFormat;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a re-run into the same output (render, a resumed site job, submit, demo) keeps and renders again. */
class HeldFramesTest {
    @TempDir
    Path dir;

    @Test
    void shouldHoldOnlyFramesInTheFormatTheJobAsksForAndAnyForTheScenesOwn() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir.resolve("out"));
        put(store, 1, "shot_0001.png");
        put(store, 2, "shot_0002.exr");

        HeldFrames exr = HeldFrames.of(FrameSet.parse("1-3"), store, FrameFormat.EXR_MULTILAYER);
        HeldFrames png16 = HeldFrames.of(FrameSet.parse("1-3"), store, FrameFormat.PNG16);
        HeldFrames scene = HeldFrames.of(FrameSet.parse("1-3"), store, FrameFormat.SCENE);

        assertThat(exr.held()).containsOnlyKeys(2);
        assertThat(exr.missing()).hasToString("1,3");
        assertThat(png16.held()).containsOnlyKeys(1);
        assertThat(scene.held()).containsOnlyKeys(1, 2);
        assertThat(scene.missing()).hasToString("3");
    }

    private static void put(DirectoryFrameStore store, int frame, String name) throws Exception {
        Path rendered = Files.writeString(store.scratchRoot().resolve("r" + frame), "frame " + frame);
        store.putFrame(
                frame, name, rendered, new VerifiedFrame(1, 1, Files.size(rendered), FrameVerifier.sha256(rendered)));
    }
}

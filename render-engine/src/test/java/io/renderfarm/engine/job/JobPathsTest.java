package io.renderfarm.engine.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobPathsTest {
    @ParameterizedTest
    @ValueSource(strings = {"shots/sh010.blend", "ball.pov", " shots/a b.blend "})
    void acceptsWorkspaceScenes(String scene) {
        assertThat(JobPaths.checkScene(scene, false)).isEqualTo(scene.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../x.pov", "a/../../x.pov", "a\\..\\x.pov", "shots/..", "/abs/x.pov", "C:\\x.pov"})
    void refusesWorkspaceScenesOutsideTheWorkspace(String scene) {
        assertThatThrownBy(() -> JobPaths.checkScene(scene, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mnt/film/sh010.blend", "D:/film/sh010.blend"})
    void acceptsAbsoluteScenesOnSharedStorage(String scene) {
        assertThat(JobPaths.checkScene(scene, true)).isEqualTo(scene);
        assertThatThrownBy(() -> JobPaths.checkScene("shots/x.blend", true)).hasMessageContaining("absolute");
    }

    @ParameterizedTest
    @ValueSource(strings = {"renders", "renders/sh010", "a_b-c.d/e"})
    void acceptsPlainOutputFolders(String folder) {
        assertThat(JobPaths.checkOutputFolder(folder)).isEqualTo(folder);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/renders", "renders/", "../x", "a/../b", "a b", "a\\b", "a//b"})
    void refusesOtherOutputFolders(String folder) {
        assertThatThrownBy(() -> JobPaths.checkOutputFolder(folder)).hasMessageContaining("relative folder");
    }
}

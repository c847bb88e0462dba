package io.renderfarm.engine.site.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BundlePathsTest {
    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(
            strings = {"shot.blend", "textures/wood.png", "a/b/c/d.inc", "with space.png", "ünïcode.pov", "..hidden-ish"
            })
    void shouldAcceptPlainRelativeNames(String name) {
        assertThat(BundlePaths.check(name)).isEqualTo(name);
        assertThat(BundlePaths.resolveInside(root, name).startsWith(root.toAbsolutePath()))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "/etc/passwd",
                "../up.png",
                "a/../../b",
                "a/./b",
                "a//b",
                "a/",
                "C:/x.png",
                "c:x",
                "a\\b",
                "..\\..\\x",
                "a/..",
                "..",
                ".",
                "bad\u0000name",
                "new\nline"
            })
    void shouldRefuseNamesThatCouldLeaveTheFolder(String name) {
        assertThatThrownBy(() -> BundlePaths.check(name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BundlePaths.resolveInside(root, name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseOverlongNames() {
        assertThatThrownBy(() -> BundlePaths.check("a/".repeat(600) + "b")).hasMessageContaining("longer than");
        assertThatThrownBy(() -> BundlePaths.check("x".repeat(256))).hasMessageContaining("longer than");
    }

    @Test
    void shouldJoinPathSegmentsWithSlashes() {
        assertThat(BundlePaths.of(Path.of("textures", "sub", "a.png"))).isEqualTo("textures/sub/a.png");
    }
}

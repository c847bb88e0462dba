package io.renderfarm.server.site.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteConfigTest {
    @TempDir
    Path dir;

    @Test
    void shouldStartAsALoopbackSiteOnAFreePortWithOneSlotNoTokenNoRemotesAndNoSceneScripts() {
        SiteConfig config = SiteConfig.builder()
                .name("s")
                .dataDir(dir)
                .maxFileBytes(1 << 20)
                .build();

        assertThat(config.bind()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isZero();
        assertThat(config.slots()).isEqualTo(1);
        assertThat(config.token()).isNull();
        assertThat(config.remotes()).isSameAs(RemoteSites.NONE);
        assertThat(config.allowScripts()).isFalse();
        assertThat(config.limits()).isEqualTo(SiteLimits.DEFAULT);
        assertThat(config.dataDir()).isEqualTo(dir.toAbsolutePath().normalize());
    }

    @Test
    void shouldLeaveRoomForAnUnfinishedUploadOfTheLargestFileUnlessTheLimitsAreGiven() {
        long huge = SiteLimits.DEFAULT.maxPartialBytes() * 2;

        SiteConfig config =
                SiteConfig.builder().name("s").dataDir(dir).maxFileBytes(huge).build();

        assertThat(config.limits().maxPartialBytes()).isEqualTo(huge);
        assertThatThrownBy(() -> SiteConfig.builder()
                        .name("s")
                        .dataDir(dir)
                        .maxFileBytes(huge)
                        .limits(SiteLimits.DEFAULT)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--max-partial-mb must be at least --max-file-mb");
    }
}

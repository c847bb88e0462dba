package io.renderfarm.engine.capability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RendererVersionCacheTest {
    @TempDir
    Path dir;

    private Path program;
    private final AtomicInteger probes = new AtomicInteger();

    @BeforeEach
    void program() throws Exception {
        program = Files.writeString(dir.resolve("blender"), "#!/bin/sh\necho Blender 3.4.1\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Supplier<Optional<String>> probe(String answer) {
        return () -> {
            probes.incrementAndGet();
            return Optional.ofNullable(answer);
        };
    }

    @Test
    void shouldProbeOnceWhileTheProgramFileIsUnchanged() {
        RendererVersionCache cache = new RendererVersionCache(dir.resolve("cache/versions.tsv"));

        assertThat(cache.version("blender", program.toString(), probe("3.4.1"))).contains("3.4.1");
        assertThat(new RendererVersionCache(dir.resolve("cache/versions.tsv"))
                        .version("blender", program.toString(), probe("9.9.9")))
                .as("read back by a later run")
                .contains("3.4.1");
        assertThat(probes).hasValue(1);
    }

    @Test
    void shouldProbeAgainWhenTheProgramIsReplaced() throws Exception {
        RendererVersionCache cache = new RendererVersionCache(dir.resolve("versions.tsv"));
        cache.version("blender", program.toString(), probe("3.4.1"));

        Files.writeString(program, "#!/bin/sh\necho Blender 4.2.0 LTS\n");
        Files.setLastModifiedTime(
                program, FileTime.fromMillis(Files.getLastModifiedTime(program).toMillis() + 5_000));

        assertThat(cache.version("blender", program.toString(), probe("4.2.0"))).contains("4.2.0");
        assertThat(probes).hasValue(2);
        assertThat(Files.readAllLines(dir.resolve("versions.tsv")))
                .as("the old entry replaced")
                .hasSize(1);
    }

    @Test
    void shouldFindAProgramGivenByNameOnThePath() {
        assertThat(RendererVersionCache.identity("sh"))
                .hasValueSatisfying(id -> assertThat(id).startsWith("/"));
        assertThat(RendererVersionCache.identity("no-such-renderer-anywhere")).isEmpty();
    }

    @Test
    void shouldNotRememberAMissingVersionNorAProgramThatIsNotThere() {
        RendererVersionCache cache = new RendererVersionCache(dir.resolve("versions.tsv"));

        assertThat(cache.version("blender", program.toString(), probe(null))).isEmpty();
        assertThat(cache.version("blender", program.toString(), probe("3.4.1"))).contains("3.4.1");
        assertThat(cache.version("povray", dir.resolve("povray").toString(), probe(null)))
                .isEmpty();
        assertThat(cache.version("povray", dir.resolve("povray").toString(), probe(null)))
                .isEmpty();
        assertThat(probes).hasValue(4);
    }

    @Test
    void shouldStillAnswerWhenTheCacheCannotBeWritten() throws Exception {
        Path blocked = Files.writeString(dir.resolve("not-a-folder"), "x");
        RendererVersionCache cache = new RendererVersionCache(blocked.resolve("versions.tsv"));

        assertThat(cache.version("blender", program.toString(), probe("3.4.1"))).contains("3.4.1");
        assertThat(cache.version("blender", program.toString(), probe("3.4.1"))).contains("3.4.1");
        assertThat(probes).hasValue(2);
    }
}

package io.renderfarm.engine.site.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Bad input for a job's file names, generated: whatever a client sends, a name the rule accepts resolves strictly
 * inside the job's folder (no traversal, no zip-slip), and a name with a {@code ..} segment, an absolute start, a
 * backslash or a drive letter is refused with {@link IllegalArgumentException}, never anything else.
 */
class BundlePathsProperties {
    private static final Path ROOT = Path.of("/srv/renderfarm/jobs/j1/files");

    @Provide
    Arbitrary<String> hostileNames() {
        // Characters that matter for paths, plus letters, control characters and non-ASCII.
        Arbitrary<Character> chars = Arbitraries.of(
                '/', '.', '.', '\\', ':', 'a', 'b', 'C', ' ', '\u0000', '\n', '~', 'é', '\u202e', '%', '2', 'e', 'f');
        return chars.list().ofMaxSize(24).map(cs -> {
            StringBuilder s = new StringBuilder();
            cs.forEach(s::append);
            return s.toString();
        });
    }

    @Property(tries = 2000)
    void shouldEitherRefuseANameOrKeepItInsideTheJobsFolder(@ForAll("hostileNames") String name) {
        Path resolved;
        try {
            resolved = BundlePaths.resolveInside(ROOT, name);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(resolved.startsWith(ROOT)).isTrue();
        assertThat(resolved).isNotEqualTo(ROOT);
        // Nothing was normalized away: the name means exactly the folders it spells.
        assertThat(ROOT.relativize(resolved).toString()).isEqualTo(name);
    }

    @Property
    void shouldRefuseAnyNameWithADotDotSegment(
            @ForAll @Size(min = 0, max = 4) List<@From("segments") String> before,
            @ForAll @Size(min = 0, max = 4) List<@From("segments") String> after) {
        List<String> parts = new ArrayList<>(before);
        parts.add("..");
        parts.addAll(after);
        String name = String.join("/", parts);

        assertThatThrownBy(() -> BundlePaths.check(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void shouldRefuseAbsoluteDriveAndBackslashNames(
            @ForAll @Size(min = 1, max = 4) List<@From("segments") String> parts,
            @ForAll @IntRange(min = 0, max = 2) int kind) {
        String plain = String.join("/", parts);
        String name = switch (kind) {
            case 0 -> "/" + plain;
            case 1 -> "C:" + plain;
            default -> plain.replace('/', '\\') + "\\x";
        };

        assertThatThrownBy(() -> BundlePaths.resolveInside(ROOT, name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void shouldAcceptEveryNameMadeOfPlainSegments(
            @ForAll @Size(min = 1, max = 6) List<@From("segments") String> parts) {
        String name = String.join("/", parts);

        assertThat(BundlePaths.check(name)).isEqualTo(name);
        assertThat(BundlePaths.resolveInside(ROOT, name)).isEqualTo(ROOT.resolve(name));
    }

    @Provide
    Arbitrary<String> segments() {
        return Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars('_', '-', '.', ' ')
                .ofMinLength(1)
                .ofMaxLength(12)
                .filter(s -> !s.equals(".") && !s.equals(".."));
    }
}

package io.renderfarm.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Keeps docs/reliability.md and the tests in step: every test it names exists; every test of the reliability
 * suite's classes is named there; a disabled test is named only in a row that says DEFECT; and every bad input the
 * two bad-input tests send has its own row.
 */
class ReliabilityDocTest {
    /** The classes written for the reliability suite: each of their tests must be in the document. */
    private static final List<String> SUITE = List.of(
            "FailingSlotTest",
            "DiskFullTest",
            "PovRayPathFaultTest",
            "JobRunFaultProperties",
            "BundlePathsProperties",
            "ChunkSizerProperties",
            "FrameSetGarbageProperties",
            "ServedRendererFaultTest",
            "SiteCrashWhileFollowingTest",
            "DataFolderFullTest",
            "RemoteSiteFaultTest",
            "SecretsAndBindingTest",
            "GuardTokenComparisonTest",
            "ApiBadInputTest",
            "ClientCommandsBadInputTest",
            "SubmitCheckBadInputTest",
            "ReliabilityDocTest",
            "AttackWithoutTokenTest",
            "EventStreamLimitTest",
            "LoginThrottleTest",
            "EndlessSiteTest",
            "SiteClientLimitsTest",
            "SiteJobFollowerBusyTest");

    private static final Pattern REFERENCE =
            Pattern.compile("([A-Z][A-Za-z0-9]*(?:Test|Properties))#(should[A-Za-z0-9]+)");
    private static final Pattern TEST_METHOD = Pattern.compile("void (should[A-Za-z0-9]+)\\(");

    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/reliability.md"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "docs/reliability.md not found above " + Path.of("").toAbsolutePath());
    }

    private static String doc() throws IOException {
        return Files.readString(root().resolve("docs/reliability.md"), StandardCharsets.UTF_8);
    }

    private static Optional<Path> source(String className) throws IOException {
        for (String module : List.of("render-engine", "render-server")) {
            Path tests = root().resolve(module).resolve("src/test/java");
            try (Stream<Path> walk = Files.walk(tests)) {
                Optional<Path> found = walk.filter(
                                p -> p.getFileName().toString().equals(className + ".java"))
                        .findFirst();
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Set<String> references(String doc) {
        Set<String> refs = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(doc);
        while (m.find()) {
            refs.add(m.group(1) + "#" + m.group(2));
        }
        return refs;
    }

    @Test
    void shouldNameOnlyTestsThatExist() throws Exception {
        Set<String> refs = references(doc());

        assertThat(refs).hasSizeGreaterThan(50);
        for (String ref : refs) {
            String[] parts = ref.split("#");
            Optional<Path> file = source(parts[0]);
            assertThat(file).as("test class of %s", ref).isPresent();
            assertThat(Files.readString(file.get())).as(ref).contains("void " + parts[1] + "(");
        }
    }

    @Test
    void shouldNameEveryTestOfTheReliabilitySuite() throws Exception {
        String doc = doc();
        List<String> missing = new ArrayList<>();
        for (String className : SUITE) {
            Path file = source(className).orElseThrow(() -> new AssertionError("no test class " + className));
            Matcher m = TEST_METHOD.matcher(Files.readString(file));
            while (m.find()) {
                if (!doc.contains(className + "#" + m.group(1))) {
                    missing.add(className + "#" + m.group(1));
                }
            }
        }
        assertThat(missing).as("tests not in docs/reliability.md").isEmpty();
    }

    @Test
    void shouldNameADisabledTestOnlyAsADefect() throws Exception {
        String doc = doc();
        for (String ref : references(doc)) {
            String[] parts = ref.split("#");
            String source = Files.readString(source(parts[0]).orElseThrow());
            int at = source.indexOf("void " + parts[1] + "(");
            int previous = Math.max(source.lastIndexOf('}', at), source.lastIndexOf(';', at));
            if (source.substring(previous + 1, at).contains("@Disabled")) {
                doc.lines()
                        .filter(l -> l.contains(ref))
                        .forEach(line -> assertThat(line)
                                .as("the row naming disabled %s", ref)
                                .contains("DEFECT"));
            }
        }
    }

    @Test
    void shouldHaveARowForEveryBadInputSent() throws Exception {
        String doc = doc();
        List<String> missing = new ArrayList<>();
        for (String[] source : List.of(
                new String[] {"io.renderfarm.server.badinput.ApiBadInputTest", "badRequests"},
                new String[] {"io.renderfarm.server.cli.ClientCommandsBadInputTest", "badCommands"},
                new String[] {"io.renderfarm.engine.site.host.SubmitCheckBadInputTest", "badSubmits"})) {
            Method cases = Class.forName(source[0]).getDeclaredMethod(source[1]);
            cases.setAccessible(true);
            @SuppressWarnings("unchecked")
            Stream<Arguments> arguments = (Stream<Arguments>) cases.invoke(null);
            arguments
                    .map(a -> (String) a.get()[0])
                    .filter(name -> !doc.contains("| " + name + " |"))
                    .forEach(missing::add);
        }
        assertThat(missing)
                .as("bad inputs without a row in docs/reliability.md")
                .isEmpty();
    }
}

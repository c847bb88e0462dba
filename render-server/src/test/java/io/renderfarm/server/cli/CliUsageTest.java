package io.renderfarm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.renderfarm.engine.event.JobEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line's own words: unknown commands, missing options, help texts, {@code --json} and defaults. */
class CliUsageTest {
    private static final String COMMANDS = "the commands are render, demo, probe, serve, submit, status, cancel";

    @Test
    void shouldNameAnUnknownCommandAndListTheCommandsOnOneLine() {
        CliRun run = CliRun.of("frobnicate");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err)
                .isEqualTo("renderfarm: unknown command 'frobnicate'; " + COMMANDS
                        + " (renderfarm COMMAND --help describes one)\n");
        assertThat(run.out).isEmpty();
    }

    @Test
    void shouldListTheCommandsOnOneLineWhenNoneIsGiven() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err)
                .startsWith("renderfarm: no command given; " + COMMANDS)
                .endsWith(")\n")
                .doesNotContain("renderfarm renderfarm")
                .hasLineCount(1);
    }

    @Test
    void shouldRefuseAMissingOptionOnOneLineNamingTheCommandsHelp() {
        CliRun run = CliRun.of("render", "scene.pov", "--out", "x");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err)
                .isEqualTo("renderfarm: missing required option: '--frames=SPEC' (see renderfarm render --help)\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"render", "demo", "serve", "probe"})
    void shouldDescribeSlotsInTheSameWordsInEveryHelpText(String command) {
        CliRun run = CliRun.of(command, "--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.out)
                .containsPattern("\\n +--slots=N +CPU render slots \\(default: 2\\); each GPU adds one\\.\\n");
    }

    @Test
    void shouldDescribeTheProfileAndFormatOptionsInTheSameWordsForRenderAndSubmit() {
        String render = CliRun.of("render", "--help").out;
        String submit = CliRun.of("submit", "--help").out;

        for (String option : List.of(
                "--renderer=NAME",
                "--profile=FILE|NAME",
                "--chunk=N",
                "--name=PREFIX",
                "--no-preview",
                "--format=NAME",
                "--exr-codec=CODEC")) {
            assertThat(optionHelp(render, option)).as(option).isNotEmpty().isEqualTo(optionHelp(submit, option));
        }
        assertThat(optionHelp(submit, "--format=NAME"))
                .isEqualTo("      --format=NAME         Frame format: scene (the scene's own, the default),\n"
                        + "                              png, png16, jpeg, tiff, exr, exr-multilayer, tga;\n"
                        + "                              overrides the profile's.\n");
    }

    /** The lines of {@code help} that describe {@code option}: its own and the indented ones continuing it. */
    private static String optionHelp(String help, String option) {
        StringBuilder lines = new StringBuilder();
        boolean in = false;
        for (String line : help.split("\n")) {
            if (line.startsWith("      " + option + " ")) {
                in = true;
            } else if (in && !line.startsWith("                              ")) {
                break;
            }
            if (in) {
                lines.append(line).append('\n');
            }
        }
        return lines.toString();
    }

    @Test
    void shouldPrintProbeJsonOnOneLineWithTheRenderersByName() throws Exception {
        CliRun run = CliRun.of("probe", "--json");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).hasLineCount(1);
        JsonNode probe = new ObjectMapper().readTree(run.out);
        List<String> renderers = new ArrayList<>();
        probe.get("capabilities").get("renderers").fieldNames().forEachRemaining(renderers::add);
        assertThat(renderers).isSorted();
        assertThat(probe.get("slots")).hasSize(2);
    }

    @Test
    void shouldTakeTheSiteFromTheOptionThenTheEnvironmentThenServesDefault() {
        SiteOptions options = new SiteOptions();

        assertThat(options.url(Map.of())).isEqualTo("http://127.0.0.1:8765");
        assertThat(options.url(Map.of("RENDERFARM_SITE", " "))).isEqualTo("http://127.0.0.1:8765");
        assertThat(options.url(Map.of("RENDERFARM_SITE", "http://render2:8765")))
                .isEqualTo("http://render2:8765");
        options.site = "http://127.0.0.1:9000";
        assertThat(options.url(Map.of("RENDERFARM_SITE", "http://render2:8765")))
                .isEqualTo("http://127.0.0.1:9000");
    }

    @Test
    void shouldCountFramesAndSlotsInWordsWhenAJobStarts() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter printer = ProgressPrinter.forTerminal(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        printer.accept(new JobEvent.JobStarted(0, "j", "7", 1, "povray", 1));
        printer.accept(new JobEvent.JobStarted(0, "j", "1-24", 24, "blender", 2));

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("rendering 1 frame (7) with povray on 1 slot\n"
                        + "rendering 24 frames (1-24) with blender on 2 slots\n");
    }
}

package io.renderfarm.engine.render.resident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.renderfarm.engine.job.FrameFormat;
import io.renderfarm.engine.job.OutputFormat;
import io.renderfarm.engine.render.Quality;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The farm's side of the resident-driver protocol, without Blender. */
class ResidentProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldSendAFinalFrameWithoutQualityOverrides() throws Exception {
        JsonNode command = JSON.readTree(
                ResidentProtocol.renderCommand(12, Path.of("/scratch/rf_"), Quality.FINAL, OutputFormat.SCENE, 0));

        assertThat(command.get("cmd").asText()).isEqualTo("render");
        assertThat(command.get("frame").asInt()).isEqualTo(12);
        assertThat(command.get("output").asText()).isEqualTo("/scratch/rf_");
        assertThat(command.get("format").asText()).isEqualTo("scene");
        assertThat(command.get("preview").asBoolean()).isFalse();
        assertThat(command.has("resolutionPercent")).isFalse();
        assertThat(command.has("samples")).isFalse();
        assertThat(command.has("threads")).as("0: the scene's own setting").isFalse();
    }

    @Test
    void shouldSendTheThreadsOfAFrame() throws Exception {
        JsonNode command = JSON.readTree(
                ResidentProtocol.renderCommand(24, Path.of("/s/rf_"), Quality.FINAL, OutputFormat.SCENE, 8));

        assertThat(command.get("threads").asInt()).isEqualTo(8);
    }

    @Test
    void shouldSendAPreviewsResolutionAndSamples() throws Exception {
        JsonNode command = JSON.readTree(
                ResidentProtocol.renderCommand(3, Path.of("/s/rf_"), Quality.preview(25, 4), OutputFormat.SCENE, 0));

        assertThat(command.get("preview").asBoolean()).isTrue();
        assertThat(command.get("resolutionPercent").asInt()).isEqualTo(25);
        assertThat(command.get("samples").asInt()).isEqualTo(4);
    }

    @Test
    void shouldKeepAPathWithQuotesSpacesAndNewlinesOnOneLine() throws Exception {
        Path odd = Path.of("/tmp/it's a \"scene\"\nfolder/rf_");

        String command = ResidentProtocol.renderCommand(1, odd, Quality.FINAL, OutputFormat.SCENE, 0);

        assertThat(command).doesNotContain("\n");
        assertThat(JSON.readTree(command).get("output").asText()).isEqualTo(odd.toString());
    }

    @Test
    void shouldReadTheDriversReplies() {
        assertThat(ResidentProtocol.parse("@rf-driver {\"event\": \"ready\", \"version\": \"3.4.1\"}"))
                .hasValueSatisfying(r -> assertThat(r.isReady()).isTrue());
        assertThat(ResidentProtocol.parse("@rf-driver {\"event\": \"done\", \"frame\": 7}"))
                .hasValueSatisfying(r -> {
                    assertThat(r.isDone()).isTrue();
                    assertThat(r.frame()).isEqualTo(7);
                });
        assertThat(ResidentProtocol.parse(
                        "@rf-driver {\"event\": \"failed\", \"frame\": 8, \"error\": \"cannot save\"}"))
                .hasValueSatisfying(r -> {
                    assertThat(r.isDone()).isFalse();
                    assertThat(r.error()).isEqualTo("cannot save");
                });
    }

    @Test
    void shouldLeaveBlendersOwnOutputAndGarbledRepliesToTheParser() {
        for (String line : List.of(
                "Fra:1 Mem:9.04M (Peak 9.11M) | Time:00:00.00 | Sample 1/8",
                "Saved: '/tmp/out/rf_00001.png'",
                "",
                "@rf-driver not json",
                "@rf-driver {\"frame\": 1}",
                "prefix @rf-driver {\"event\": \"done\"}")) {
            assertThat(ResidentProtocol.parse(line)).as(line).isEmpty();
        }
    }

    @Test
    void shouldSendTheProfilesFormatAndCodec() throws Exception {
        JsonNode command = JSON.readTree(ResidentProtocol.renderCommand(
                4,
                ResidentProtocol.outputBase(Path.of("/s")),
                Quality.FINAL,
                new OutputFormat(FrameFormat.EXR_MULTILAYER, "piz"),
                0));

        assertThat(command.get("output").asText()).isEqualTo("/s/rf_");
        assertThat(command.get("format").asText()).isEqualTo("exr-multilayer");
        assertThat(command.get("exrCodec").asText()).isEqualTo("piz");
    }

    @Test
    void shouldStartBlenderWithTheSceneAndDriverButNoThreadOverride() {
        ResidentKey key = new ResidentKey("/opt/blender/blender", Path.of("/shots/a b.blend"), 10, 20);

        List<String> argv = ResidentBlender.command(key, false);

        assertThat(argv)
                .as("-t would override the threads the driver sets per frame")
                .startsWith(
                        "/opt/blender/blender",
                        "-b",
                        "--disable-autoexec",
                        "/shots/a b.blend",
                        "-noaudio",
                        "--python-exit-code",
                        "1",
                        "--python-expr")
                .doesNotContain("-t");
        assertThat(argv.get(argv.size() - 1))
                .isEqualTo(ResidentBlender.DRIVER)
                .contains("def render_frame")
                .contains("def rf_apply_format");
    }

    @Test
    void shouldLetBlenderReadThePythonEnvironmentOnlyWithABytecodeCache() {
        ResidentKey key = new ResidentKey("/opt/blender/blender", Path.of("/shots/a.blend"), 10, 20);

        assertThat(ResidentBlender.command(key, true))
                .startsWith(
                        "/opt/blender/blender",
                        "-b",
                        "--disable-autoexec",
                        "/shots/a.blend",
                        "-noaudio",
                        "--python-use-system-env",
                        "--python-exit-code",
                        "1",
                        "--python-expr");
        assertThat(ResidentBlender.command(key, false)).doesNotContain("--python-use-system-env");
    }

    @Test
    void shouldRunTheScenesScriptsOnlyForAKeyThatAllowsThem() {
        ResidentKey allowed = new ResidentKey("/opt/blender/blender", Path.of("/shots/a.blend"), 10, 20, true);
        ResidentKey refused = new ResidentKey("/opt/blender/blender", Path.of("/shots/a.blend"), 10, 20);

        assertThat(ResidentBlender.command(allowed, false))
                .startsWith("/opt/blender/blender", "-b", "--enable-autoexec");
        assertThat(ResidentBlender.command(refused, false))
                .startsWith("/opt/blender/blender", "-b", "--disable-autoexec");
        assertThat(allowed)
                .as("a process loaded one way never serves the other")
                .isNotEqualTo(refused);
    }
}

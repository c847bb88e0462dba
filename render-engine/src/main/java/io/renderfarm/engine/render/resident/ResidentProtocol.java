package io.renderfarm.engine.render.resident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renderfarm.engine.job.GpuBackend;
import io.renderfarm.engine.job.OutputFormat;
import io.renderfarm.engine.render.BlenderRenderer;
import io.renderfarm.engine.render.Quality;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The line protocol between the farm and the Blender-side driver ({@code blender_driver.py}): one JSON object per
 * line. Commands go to the driver's stdin ({@code render} one frame, {@code quit}); replies come on its stdout
 * prefixed with {@value #PREFIX} ({@code ready}, then {@code done} or {@code failed} per frame, in the order the
 * frames were sent), between Blender's own output lines, which the farm parses exactly as for a one-process render.
 * JSON keeps paths with spaces or quotes intact; nothing from a job is ever evaluated as code. Stateless.
 */
public final class ResidentProtocol {
    /** Starts every driver reply; Blender itself never prints it. */
    public static final String PREFIX = "@rf-driver ";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResidentProtocol() {}

    /**
     * A reply of the driver: {@code event} is {@code ready}, {@code done} or {@code failed}; {@code threads} is
     * what Blender rendered a done frame with (0 when not said).
     */
    public record Reply(String event, int frame, String error, String version, int threads) {
        public boolean isReady() {
            return "ready".equals(event);
        }

        public boolean isDone() {
            return "done".equals(event);
        }
    }

    /**
     * The command rendering {@code frame} to {@code outputBase} plus the frame number with the scene's padding
     * and the format's extension ({@code rf_0012.exr}), at {@code quality}: a preview scales the scene's resolution
     * percentage and sets Cycles samples as {@code BlenderRenderer} does, and is an 8-bit PNG; a final frame is in
     * the scene's format unless {@code format} overrides it. With {@code threads > 0} the frame renders with that
     * many threads, else with the scene's own setting.
     */
    public static String renderCommand(int frame, Path outputBase, Quality quality, OutputFormat format, int threads) {
        return renderCommand(frame, outputBase, quality, format, threads, null);
    }

    /**
     * The command of {@link #renderCommand(int, Path, Quality, OutputFormat, int)} rendering on the process's GPU
     * with {@code gpu} (Cycles' {@code device}: CUDA, OPTIX, HIP, ONEAPI), or on the CPU when null.
     */
    public static String renderCommand(
            int frame, Path outputBase, Quality quality, OutputFormat format, int threads, GpuBackend gpu) {
        ObjectNode command = JSON.createObjectNode()
                .put("cmd", "render")
                .put("frame", frame)
                .put("output", outputBase.toAbsolutePath().toString())
                .put("preview", quality.preview())
                .put("format", format.format().wireName())
                .put("exrCodec", format.exrCodec());
        if (threads > 0) {
            command.put("threads", threads);
        }
        if (quality.preview()) {
            command.put("resolutionPercent", quality.resolutionPercent()).put("samples", quality.samples());
        }
        if (gpu != null) {
            command.put("device", BlenderRenderer.cyclesDevice(gpu));
        }
        return command.toString();
    }

    public static String quitCommand() {
        return "{\"cmd\":\"quit\"}";
    }

    /** The driver reply on this output line, or empty for Blender's own output (and for garbled replies). */
    public static Optional<Reply> parse(String line) {
        if (line == null || !line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(line.substring(PREFIX.length()));
            if (node == null || !node.hasNonNull("event")) {
                return Optional.empty();
            }
            return Optional.of(new Reply(
                    node.get("event").asText(),
                    node.path("frame").asInt(-1),
                    node.path("error").asText(""),
                    node.path("version").asText(""),
                    node.path("threads").asInt(0)));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The base every frame of a render into {@code outputDir} is named from: {@code rf_}. */
    public static Path outputBase(Path outputDir) {
        return outputDir.resolve("rf_");
    }
}

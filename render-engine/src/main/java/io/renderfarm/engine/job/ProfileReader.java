package io.renderfarm.engine.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads a job profile from its JSON form, the one profile files, the site protocol and the CLI share:
 * <pre>{@code
 * {"name": "cycles", "renderer": "blender", "version": ">=3.0",
 *  "minCores": 4, "minRamMb": 8192, "device": "cpu", "gpuBackend": "any",
 *  "chunkSize": 0, "retries": 3, "blocklistThreshold": 3,
 *  "maxChunkSeconds": 0, "stallSeconds": 300, "threadsPerSlot": 0, "remoteWaitSeconds": 300,
 *  "format": "exr-multilayer", "exrCodec": "piz",
 *  "preview": {"enabled": true, "frames": 3, "resolutionPercent": 25, "samples": 4, "awaitApproval": false},
 *  "allowScripts": false}
 * }</pre>
 * Every field but {@code renderer} is optional and defaults as in {@link JobProfile#defaults}; {@code format} is one
 * of {@link FrameFormat}'s names and defaults to {@code scene}. Unknown fields and
 * wrong types are refused with a message naming the field, so a typo never silently becomes a default.
 * {@code device} is {@code cpu} or {@code gpu} ({@code "gpu": true|false} says the same, from before it existed);
 * {@code gpuBackend} ({@code any}, {@code cuda}, {@code optix}, {@code hip}, {@code oneapi}) needs {@code device: gpu}.
 * {@link #toJson} writes {@code gpu} (not {@code device}), {@code gpuBackend} only when not {@code any} and
 * {@code allowScripts} only when it is true, so a profile without it still reads on a site
 * that does not know the field.
 */
public final class ProfileReader {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Set<String> FIELDS = Set.of(
            "name",
            "renderer",
            "version",
            "minCores",
            "minRamMb",
            "gpu",
            "device",
            "gpuBackend",
            "chunkSize",
            "retries",
            "blocklistThreshold",
            "maxChunkSeconds",
            "stallSeconds",
            "threadsPerSlot",
            "remoteWaitSeconds",
            "preview",
            "format",
            "exrCodec",
            "allowScripts");
    private static final Set<String> PREVIEW_FIELDS =
            Set.of("enabled", "frames", "resolutionPercent", "samples", "awaitApproval");

    private ProfileReader() {}

    public static JobProfile parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("profile is not valid JSON: " + e.getOriginalMessage());
        }
        return fromJson(root);
    }

    public static JobProfile fromJson(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("profile must be a JSON object");
        }
        checkFields(root, FIELDS, "profile");
        String renderer = text(root, "renderer", null);
        if (renderer == null || renderer.isBlank()) {
            throw new IllegalArgumentException("profile field 'renderer' is required (blender or povray)");
        }
        JobProfile d = JobProfile.defaults(renderer);
        PreviewSettings p = d.preview();
        JsonNode preview = root.get("preview");
        if (preview != null) {
            if (!preview.isObject()) {
                throw new IllegalArgumentException("profile field 'preview' must be an object");
            }
            checkFields(preview, PREVIEW_FIELDS, "preview");
            p = new PreviewSettings(
                    bool(preview, "enabled", p.enabled()),
                    integer(preview, "frames", p.frames()),
                    integer(preview, "resolutionPercent", p.resolutionPercent()),
                    integer(preview, "samples", p.samples()),
                    bool(preview, "awaitApproval", p.awaitApproval()));
        }
        return d.toBuilder()
                .name(text(root, "name", renderer))
                .versionConstraint(text(root, "version", ""))
                .requirements(new Requirements(
                        integer(root, "minCores", 0),
                        integer(root, "minRamMb", 0),
                        device(root),
                        GpuBackend.fromWireName(text(root, "gpuBackend", GpuBackend.ANY.wireName()))))
                .chunkSize(integer(root, "chunkSize", d.chunkSize()))
                .retries(integer(root, "retries", d.retries()))
                .blocklistThreshold(integer(root, "blocklistThreshold", d.blocklistThreshold()))
                .maxChunkTime(Duration.ofSeconds(
                        integer(root, "maxChunkSeconds", (int) d.maxChunkTime().toSeconds())))
                .stallTimeout(Duration.ofSeconds(
                        integer(root, "stallSeconds", (int) d.stallTimeout().toSeconds())))
                .threadsPerSlot(integer(root, "threadsPerSlot", d.threadsPerSlot()))
                .preview(p)
                .remoteWaitThreshold(Duration.ofSeconds(integer(
                        root, "remoteWaitSeconds", (int) d.remoteWaitThreshold().toSeconds())))
                .format(format(root))
                .allowScripts(bool(root, "allowScripts", false))
                .build();
    }

    private static OutputFormat format(JsonNode root) {
        FrameFormat format;
        try {
            format = FrameFormat.fromWireName(text(root, "format", FrameFormat.SCENE.wireName()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("profile field 'format': " + e.getMessage());
        }
        try {
            return new OutputFormat(format, text(root, "exrCodec", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("profile field 'exrCodec': " + e.getMessage());
        }
    }

    /** The JSON form of a profile, which {@link #parse} reads back to an equal profile. */
    public static JsonNode toJson(JobProfile profile) {
        Map<String, Object> preview = Map.of(
                "enabled",
                profile.preview().enabled(),
                "frames",
                profile.preview().frames(),
                "resolutionPercent",
                profile.preview().resolutionPercent(),
                "samples",
                profile.preview().samples(),
                "awaitApproval",
                profile.preview().awaitApproval());
        var node = JSON.createObjectNode();
        node.put("name", profile.name());
        node.put("renderer", profile.renderer());
        node.put("version", profile.versionConstraint());
        node.put("minCores", profile.requirements().minCores());
        node.put("minRamMb", profile.requirements().minRamMb());
        // "gpu" rather than "device", and a backend only when one is asked: a site older than them still reads it.
        node.put("gpu", profile.requirements().gpu());
        if (profile.requirements().gpuBackend() != GpuBackend.ANY) {
            node.put("gpuBackend", profile.requirements().gpuBackend().wireName());
        }
        node.put("chunkSize", profile.chunkSize());
        node.put("retries", profile.retries());
        node.put("blocklistThreshold", profile.blocklistThreshold());
        node.put("maxChunkSeconds", profile.maxChunkTime().toSeconds());
        node.put("stallSeconds", profile.stallTimeout().toSeconds());
        node.put("threadsPerSlot", profile.threadsPerSlot());
        node.put("remoteWaitSeconds", profile.remoteWaitThreshold().toSeconds());
        if (profile.format().format() != FrameFormat.SCENE) { // the default: a site older than the field reads it
            node.put("format", profile.format().format().wireName());
        }
        if (!profile.format().exrCodec().isEmpty()) {
            node.put("exrCodec", profile.format().exrCodec());
        }
        node.set("preview", JSON.valueToTree(preview));
        if (profile.allowScripts()) {
            node.put("allowScripts", true);
        }
        return node;
    }

    /** Whether the job renders on a GPU: {@code device}, or the older {@code gpu}; both given must agree. */
    private static boolean device(JsonNode root) {
        String device = text(root, "device", null);
        if (device != null && !device.equals("cpu") && !device.equals("gpu")) {
            throw new IllegalArgumentException("profile field 'device' must be cpu or gpu, got '" + device + "'");
        }
        JsonNode gpu = root.get("gpu");
        if (device != null && gpu != null && !gpu.isNull() && bool(root, "gpu", false) != device.equals("gpu")) {
            throw new IllegalArgumentException("profile fields 'device' and 'gpu' disagree; give only 'device'");
        }
        return device != null ? device.equals("gpu") : bool(root, "gpu", false);
    }

    private static void checkFields(JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw new IllegalArgumentException(
                        "unknown " + where + " field '" + field + "'; known are " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("profile field '" + field + "' must be a string, got "
                    + v.getNodeType().name().toLowerCase());
        }
        return v.asText();
    }

    private static int integer(JsonNode node, String field, int fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException("profile field '" + field + "' must be a whole number, got " + v);
        }
        return v.asInt();
    }

    private static boolean bool(JsonNode node, String field, boolean fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("profile field '" + field + "' must be true or false, got " + v);
        }
        return v.asBoolean();
    }
}

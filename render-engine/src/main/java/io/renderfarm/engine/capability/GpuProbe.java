package io.renderfarm.engine.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.renderfarm.engine.job.GpuBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists a machine's GPUs per backend, from each vendor's own tool: NVIDIA cards from {@code nvidia-smi} (CUDA, and
 * OptiX from compute capability 5.0 on, as Blender 3.x needs), AMD cards from {@code rocm-smi} (HIP), Intel GPUs
 * from the DRM render nodes in {@code /dev/dri} whose PCI vendor is Intel (oneAPI). A tool that is missing or fails
 * lists nothing. Commands run through the given runner (argv, no shell, with a timeout). Stateless.
 */
final class GpuProbe {
    /** Index, name, memory in MiB, UUID and compute capability, one card per line. */
    static final List<String> NVIDIA_QUERY = List.of(
            "nvidia-smi", "--query-gpu=index,name,memory.total,uuid,compute_cap", "--format=csv,noheader,nounits");
    /** The same without {@code compute_cap}, which drivers before 510 do not know. */
    static final List<String> NVIDIA_QUERY_OLD =
            List.of("nvidia-smi", "--query-gpu=index,name,memory.total,uuid", "--format=csv,noheader,nounits");

    static final List<String> AMD_QUERY = List.of("rocm-smi", "--showproductname", "--showmeminfo", "vram", "--json");
    /** {@code 0, NVIDIA GeForce RTX 3090, 24576, GPU-…[, 8.6]}. */
    private static final Pattern NVIDIA_LINE = Pattern.compile(
            "^\\s*(\\d+)\\s*,\\s*(.+?)\\s*,\\s*(\\d+)\\s*,\\s*(GPU-[0-9a-fA-F-]+)\\s*(?:,\\s*(\\d+)\\.(\\d+)\\s*)?$");

    private static final Pattern CARD_KEY = Pattern.compile("card(\\d+)");
    private static final String INTEL_VENDOR = "0x8086";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<List<String>, Optional<String>> run;
    private final Path dev;
    private final Path sys;

    GpuProbe(Function<List<String>, Optional<String>> run, Path dev, Path sys) {
        this.run = run;
        this.dev = dev;
        this.sys = sys;
    }

    List<GpuDevice> gpus() {
        List<GpuDevice> gpus = new ArrayList<>(nvidia());
        gpus.addAll(amd());
        gpus.addAll(intel());
        return List.copyOf(gpus);
    }

    List<GpuDevice> nvidia() {
        List<GpuDevice> cards =
                run.apply(NVIDIA_QUERY).map(GpuProbe::parseNvidia).orElse(List.of());
        return cards.isEmpty()
                ? run.apply(NVIDIA_QUERY_OLD).map(GpuProbe::parseNvidia).orElse(List.of())
                : cards;
    }

    /**
     * Cards in {@code nvidia-smi --query-gpu=index,name,memory.total,uuid[,compute_cap] --format=csv,noheader,nounits}
     * output; lines that are not a card (an error message) are skipped. Without a compute capability, OptiX is not
     * assumed.
     */
    static List<GpuDevice> parseNvidia(String output) {
        List<GpuDevice> cards = new ArrayList<>();
        for (String line : output.split("\\R")) {
            Matcher m = NVIDIA_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            boolean optix = m.group(5) != null && Integer.parseInt(m.group(5)) >= 5;
            Set<GpuBackend> backends = optix ? Set.of(GpuBackend.CUDA, GpuBackend.OPTIX) : Set.of(GpuBackend.CUDA);
            cards.add(new GpuDevice(
                    Integer.parseInt(m.group(1)),
                    "nvidia",
                    m.group(2),
                    Long.parseLong(m.group(3)),
                    m.group(4),
                    backends));
        }
        return cards;
    }

    List<GpuDevice> amd() {
        return run.apply(AMD_QUERY).map(GpuProbe::parseAmd).orElse(List.of());
    }

    /**
     * Cards in {@code rocm-smi --showproductname --showmeminfo vram --json} output: an object per {@code cardN} with
     * {@code Card series} (or {@code Card Series}) and {@code VRAM Total Memory (B)}.
     */
    static List<GpuDevice> parseAmd(String output) {
        JsonNode root;
        try {
            root = JSON.readTree(output.substring(Math.max(0, output.indexOf('{'))));
        } catch (IOException | RuntimeException notJson) {
            return List.of();
        }
        List<GpuDevice> cards = new ArrayList<>();
        if (root == null || !root.isObject()) {
            return cards;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> card = it.next();
            Matcher key = CARD_KEY.matcher(card.getKey());
            if (!key.matches() || !card.getValue().isObject()) {
                continue;
            }
            JsonNode c = card.getValue();
            String name = c.path("Card series").asText(c.path("Card Series").asText("AMD GPU"));
            long bytes = c.path("VRAM Total Memory (B)").asLong(0);
            cards.add(new GpuDevice(
                    Integer.parseInt(key.group(1)), "amd", name, bytes / (1024 * 1024), "", Set.of(GpuBackend.HIP)));
        }
        return cards;
    }

    /** Intel GPUs: the render nodes ({@code renderD128}, …) whose PCI vendor in sysfs is Intel's. */
    List<GpuDevice> intel() {
        Path dri = dev.resolve("dri");
        if (!Files.isDirectory(dri)) {
            return List.of();
        }
        List<String> nodes = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dri, "renderD*")) {
            found.forEach(p -> nodes.add(String.valueOf(p.getFileName())));
        } catch (IOException unreadable) {
            return List.of();
        }
        nodes.sort(null);
        List<GpuDevice> gpus = new ArrayList<>();
        for (String node : nodes) {
            Path device = sys.resolve("class/drm").resolve(node).resolve("device");
            if (INTEL_VENDOR.equals(read(device.resolve("vendor")))) {
                gpus.add(new GpuDevice(
                        gpus.size(),
                        "intel",
                        "Intel GPU " + read(device.resolve("device")) + " (" + node + ")",
                        0,
                        "",
                        Set.of(GpuBackend.ONEAPI)));
            }
        }
        return gpus;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException | RuntimeException missing) {
            return "";
        }
    }
}

package io.renderfarm.engine.capability;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a render server offers: installed render packages with their versions and the image formats each writes,
 * cores, memory and GPUs.
 *
 * @param renderers renderer name ({@code blender}, {@code povray}) to its version ({@code 3.4.1}, {@code 3.7.0.10}),
 *                  kept sorted by name so every listing (probe, serve, JSON) shows them in the same order
 * @param cores     logical cores
 * @param ramMb     physical memory in MiB
 * @param gpu       whether a GPU usable for rendering is present (true whenever {@code gpus} lists one)
 * @param gpus      the GPUs found, each with its backends; empty when none was found or the host does not list
 *                  them (a GPU known only by a label)
 * @param formats   renderer name to the formats that build writes ({@code png}, {@code exr}, … as profiles name
 *                  them), sorted; a renderer missing here was not asked, and a job's format is then left to try
 */
public record Capabilities(
        Map<String, String> renderers,
        int cores,
        long ramMb,
        boolean gpu,
        List<GpuDevice> gpus,
        Map<String, List<String>> formats)
        implements Serializable {
    public Capabilities {
        // Not Map.copyOf: its iteration order changes from one JVM run to the next.
        renderers =
                Collections.unmodifiableSortedMap(new TreeMap<>(Map.copyOf(renderers == null ? Map.of() : renderers)));
        gpus = gpus == null ? List.of() : List.copyOf(gpus);
        gpu = gpu || !gpus.isEmpty();
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        (formats == null ? Map.<String, List<String>>of() : formats)
                .forEach((renderer, list) ->
                        sorted.put(renderer, list.stream().sorted().distinct().toList()));
        formats = Collections.unmodifiableSortedMap(sorted);
    }

    /** Capabilities without a list of GPUs or probed formats. */
    public Capabilities(Map<String, String> renderers, int cores, long ramMb, boolean gpu) {
        this(renderers, cores, ramMb, gpu, List.of(), Map.of());
    }

    /** Capabilities without probed formats. */
    public Capabilities(Map<String, String> renderers, int cores, long ramMb, boolean gpu, List<GpuDevice> gpus) {
        this(renderers, cores, ramMb, gpu, gpus, Map.of());
    }

    /** Capabilities without a list of GPUs. */
    public Capabilities(
            Map<String, String> renderers, int cores, long ramMb, boolean gpu, Map<String, List<String>> formats) {
        this(renderers, cores, ramMb, gpu, List.of(), formats);
    }

    /** The same machine seen from a slot that renders on {@code device} alone (one GPU per slot). */
    public Capabilities withOnlyGpu(GpuDevice device) {
        return new Capabilities(renderers, cores, ramMb, true, List.of(device), formats);
    }

    /** The same machine seen from a slot that renders on the CPU. */
    public Capabilities withoutGpus() {
        return new Capabilities(renderers, cores, ramMb, false, List.of(), formats);
    }

    public boolean has(String renderer) {
        return renderers.containsKey(renderer);
    }

    public String versionOf(String renderer) {
        return renderers.get(renderer);
    }

    /** The formats the renderer writes here, or null when they were not probed. */
    public List<String> formatsOf(String renderer) {
        return formats.get(renderer);
    }
}

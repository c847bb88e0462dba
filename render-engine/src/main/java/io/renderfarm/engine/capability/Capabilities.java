package io.renderfarm.engine.capability;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a render server offers: installed render packages with their versions, cores, memory and GPUs.
 *
 * @param renderers renderer name ({@code blender}, {@code povray}) to its version ({@code 3.4.1}, {@code 3.7.0.10}),
 *                  kept sorted by name so every listing (probe, serve, JSON) shows them in the same order
 * @param cores     logical cores
 * @param ramMb     physical memory in MiB
 * @param gpu       whether a GPU usable for rendering is present (true whenever {@code gpus} lists one)
 * @param gpus      the GPUs found, each with its backends; empty when none was found or the host does not list
 *                  them (a GPU known only by a label)
 */
public record Capabilities(Map<String, String> renderers, int cores, long ramMb, boolean gpu, List<GpuDevice> gpus)
        implements Serializable {
    public Capabilities {
        // Not Map.copyOf: its iteration order changes from one JVM run to the next.
        renderers = Collections.unmodifiableSortedMap(new TreeMap<>(Map.copyOf(renderers == null ? Map.of() : renderers)));
        gpus = gpus == null ? List.of() : List.copyOf(gpus);
        gpu = gpu || !gpus.isEmpty();
    }

    /** Capabilities without a list of GPUs. */
    public Capabilities(Map<String, String> renderers, int cores, long ramMb, boolean gpu) {
        this(renderers, cores, ramMb, gpu, List.of());
    }

    /** The same machine seen from a slot that renders on {@code device} alone (one GPU per slot). */
    public Capabilities withOnlyGpu(GpuDevice device) {
        return new Capabilities(renderers, cores, ramMb, true, List.of(device));
    }

    /** The same machine seen from a slot that renders on the CPU. */
    public Capabilities withoutGpus() {
        return new Capabilities(renderers, cores, ramMb, false, List.of());
    }

    public boolean has(String renderer) {
        return renderers.containsKey(renderer);
    }

    public String versionOf(String renderer) {
        return renderers.get(renderer);
    }
}

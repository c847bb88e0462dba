package io.renderfarm.engine.capability;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a render server offers: installed render packages with their versions, cores, memory and GPU.
 *
 * @param renderers renderer name ({@code blender}, {@code povray}) to its version ({@code 3.4.1}, {@code 3.7.0.10}),
 *                  kept sorted by name so every listing (probe, serve, JSON) shows them in the same order
 * @param cores     logical cores
 * @param ramMb     physical memory in MiB
 * @param gpu       whether a GPU usable for rendering is present
 */
public record Capabilities(Map<String, String> renderers, int cores, long ramMb, boolean gpu) implements Serializable {
    public Capabilities {
        // Not Map.copyOf: its iteration order changes from one JVM run to the next.
        renderers = Collections.unmodifiableSortedMap(new TreeMap<>(Map.copyOf(renderers == null ? Map.of() : renderers)));
    }

    public boolean has(String renderer) {
        return renderers.containsKey(renderer);
    }

    public String versionOf(String renderer) {
        return renderers.get(renderer);
    }
}

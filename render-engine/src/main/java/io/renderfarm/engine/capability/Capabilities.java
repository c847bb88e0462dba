package io.renderfarm.engine.capability;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a render server offers: installed render packages with their versions, cores, memory and GPU.
 *
 * @param renderers renderer name ({@code blender}, {@code povray}) to its version ({@code 3.4.1}, {@code 3.7.0.10})
 * @param cores     logical cores
 * @param ramMb     physical memory in MiB
 * @param gpu       whether a GPU usable for rendering is present
 */
public record Capabilities(Map<String, String> renderers, int cores, long ramMb, boolean gpu) implements Serializable {
    public Capabilities {
        renderers = Map.copyOf(new TreeMap<>(renderers == null ? Map.of() : renderers));
    }

    public boolean has(String renderer) {
        return renderers.containsKey(renderer);
    }

    public String versionOf(String renderer) {
        return renderers.get(renderer);
    }
}

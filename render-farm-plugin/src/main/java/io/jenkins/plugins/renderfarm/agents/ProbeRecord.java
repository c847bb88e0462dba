package io.jenkins.plugins.renderfarm.agents;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.GpuDevice;
import io.renderfarm.engine.job.GpuBackend;
import io.renderfarm.engine.time.Clock;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the last probe of one agent found, as plain fields: it travels from the agent over Remoting and is kept in
 * JENKINS_HOME with XStream, neither of which should depend on the engine's records. {@code error} is set when the
 * last probe failed; the capabilities are then those of the probe before, so a transient failure does not strip an
 * agent of its labels.
 */
public final class ProbeRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    private final HashMap<String, String> renderers;
    /** Renderer to the formats it writes, comma-separated; null in records saved before formats were probed. */
    private final HashMap<String, String> formats;
    private final int cores;
    private final long ramMb;
    private final boolean gpu;
    private final long probedAt;
    private final String error;
    /** The agent's GPUs in the vendor tools' order; null in a record saved before GPUs were listed. */
    private final ArrayList<Gpu> gpus;

    /** One GPU, as plain fields (see the class comment). */
    public static final class Gpu implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int index;
        private final String vendor;
        private final String name;
        private final long memoryMb;
        private final String uuid;
        /** Backend wire names, comma-separated: {@code cuda,optix}. */
        private final String backends;

        Gpu(GpuDevice d) {
            this.index = d.index();
            this.vendor = d.vendor();
            this.name = d.name();
            this.memoryMb = d.memoryMb();
            this.uuid = d.uuid();
            this.backends = d.backends().stream().map(GpuBackend::wireName).sorted().collect(Collectors.joining(","));
        }

        GpuDevice toDevice() {
            return new GpuDevice(index, vendor, name, memoryMb, uuid, backends.isEmpty() ? java.util.Set.of()
                    : java.util.Arrays.stream(backends.split(",")).map(GpuBackend::fromWireName).collect(Collectors.toSet()));
        }
    }

    private ProbeRecord(Map<String, String> renderers, Map<String, String> formats, int cores, long ramMb, boolean gpu,
                        List<Gpu> gpus, long probedAt, String error) {
        this.renderers = new HashMap<>(renderers);
        this.formats = new HashMap<>(formats == null ? Map.of() : formats);
        this.cores = cores;
        this.ramMb = ramMb;
        this.gpu = gpu;
        this.gpus = new ArrayList<>(gpus);
        this.probedAt = probedAt;
        this.error = error;
    }

    public static ProbeRecord of(Capabilities found) {
        Map<String, String> formats = new HashMap<>();
        found.formats().forEach((renderer, list) -> formats.put(renderer, String.join(",", list)));
        return new ProbeRecord(found.renderers(), formats, found.cores(), found.ramMb(), found.gpu(),
                found.gpus().stream().map(Gpu::new).toList(), Clock.SYSTEM.instant().toEpochMilli(), null);
    }

    /** A failed probe; {@code previous} may be null when the agent was never probed successfully. */
    public static ProbeRecord failed(ProbeRecord previous, String error) {
        return previous == null
                ? new ProbeRecord(Map.of(), Map.of(), 0, 0, false, List.of(), Clock.SYSTEM.instant().toEpochMilli(), error)
                : new ProbeRecord(previous.renderers, previous.formats, previous.cores, previous.ramMb, previous.gpu,
                        previous.gpus == null ? List.of() : previous.gpus, Clock.SYSTEM.instant().toEpochMilli(), error);
    }

    /** The agent's capabilities with its GPUs, whose labels ({@code gpu-cuda}, {@code gpu-count-2}, …) follow. */
    public Capabilities toCapabilities() {
        Map<String, List<String>> writes = new HashMap<>();
        if (formats != null) {
            formats.forEach((renderer, list) -> {
                if (!list.isBlank()) {
                    writes.put(renderer, List.of(list.split(",")));
                }
            });
        }
        return new Capabilities(renderers, cores, ramMb, gpu,
                gpus == null ? List.of() : gpus.stream().map(Gpu::toDevice).toList(), writes);
    }

    public long getProbedAt() {
        return probedAt;
    }

    public String getError() {
        return error;
    }
}

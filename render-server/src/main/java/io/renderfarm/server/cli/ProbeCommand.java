package io.renderfarm.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.CapabilityLabels;
import io.renderfarm.engine.capability.CapabilityProbe;
import io.renderfarm.engine.capability.GpuDevice;
import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotMatcher;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.job.GpuBackend;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.render.Renderers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code renderfarm probe}: prints this machine's resource database — render packages, hardware and slots. */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        description = "Print this machine's render packages, hardware and render slots.")
final class ProbeCommand implements Callable<Integer> {
    /** How every command that takes {@code --slots} describes it. */
    static final String SLOTS_HELP = "CPU render slots (default: ${DEFAULT-VALUE}); each GPU adds one.";

    @Option(names = "--slots", paramLabel = "N", defaultValue = "2", description = SLOTS_HELP)
    int slots;

    @Option(names = "--json", description = "Print JSON on one line instead of a table.")
    boolean json;

    @Option(
            names = "--profile",
            paramLabel = "FILE|NAME",
            description = "Also say, per slot, whether it can render jobs of this profile, and why not.")
    String profile;

    @Override
    public Integer call() throws Exception {
        Capabilities caps = new CapabilityProbe().probe(Renderers.all());
        String host = java.net.InetAddress.getLocalHost().getHostName();
        List<RenderSlot> list = new ArrayList<>();
        // As the local farm lays them out: CPU slots, then one slot per GPU seeing only that GPU.
        Capabilities cpu = caps.gpus().isEmpty() ? caps : caps.withoutGpus();
        for (int i = 1; i <= slots; i++) {
            list.add(new RenderSlot("slot-" + i, host, cpu, SlotStatus.IDLE));
        }
        for (int g = 0; g < caps.gpus().size(); g++) {
            list.add(new RenderSlot(
                    "gpu-" + (g + 1), host, caps.withOnlyGpu(caps.gpus().get(g)), SlotStatus.IDLE));
        }
        JobProfile jobProfile = profile == null ? null : Profiles.resolve(profile, null, java.nio.file.Path.of("."));
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            if (jobProfile != null) {
                Map<String, List<String>> refusals = new LinkedHashMap<>();
                list.forEach(slot -> refusals.put(
                        slot.id(), SlotMatcher.match(jobProfile, slot).reasons()));
                out.put("refusals", refusals);
            }
            out.put("host", host);
            out.put("capabilities", caps);
            out.put("labels", CapabilityLabels.labels(caps));
            out.put("slots", list);
            System.out.println(new ObjectMapper().writeValueAsString(out));
            return 0;
        }
        System.out.printf("host      %s%n", host);
        System.out.printf("cores     %d%n", caps.cores());
        System.out.printf("memory    %d MiB%n", caps.ramMb());
        System.out.printf("gpu       %s%n", caps.gpu() ? "yes" : "no");
        for (GpuDevice gpu : caps.gpus()) {
            System.out.printf(
                    "gpu-%-5d %s %s, %d MiB, %s%n",
                    gpu.index(),
                    gpu.vendor(),
                    gpu.name(),
                    gpu.memoryMb(),
                    gpu.backends().stream().map(GpuBackend::wireName).sorted().collect(Collectors.joining(" ")));
        }
        if (caps.renderers().isEmpty()) {
            System.out.println("renderers none found (scripts/install-deps renderers installs Blender and POV-Ray)");
        }
        caps.renderers()
                .forEach((name, version) -> System.out.printf(
                        "renderer  %s %s%s%n",
                        name,
                        version,
                        caps.formatsOf(name) == null
                                ? ""
                                : " (writes " + String.join(", ", caps.formatsOf(name)) + ")"));
        System.out.printf("labels    %s%n", String.join(" ", CapabilityLabels.labels(caps)));
        for (RenderSlot slot : list) {
            String match = "";
            if (jobProfile != null) {
                SlotMatcher.MatchResult result = SlotMatcher.match(jobProfile, slot);
                match = result.capable()
                        ? "  can render " + jobProfile.name()
                        : "  cannot render " + jobProfile.name() + ": " + String.join(", ", result.reasons());
            }
            System.out.printf(
                    "slot      %s  %s%s%n", slot.id(), slot.status().name().toLowerCase(), match);
        }
        return 0;
    }
}

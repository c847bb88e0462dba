package io.renderfarm.engine.capability;

import io.renderfarm.engine.job.GpuBackend;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.render.Renderers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Translates capabilities to Jenkins agent labels and profiles to Jenkins label expressions, as plain strings:
 * this class knows the label syntax, not Jenkins.
 *
 * <p>Labels of a machine ({@link #labels}):
 * <ul>
 *   <li>per renderer its name ({@code blender}), and its version cut to every length from major.minor to the
 *       full numeric version ({@code blender-3.4}, {@code blender-3.4.1}; {@code povray-3.7},
 *       {@code povray-3.7.0}, {@code povray-3.7.0.10}), so any pinned prefix a profile names is one label; a
 *       non-numeric suffix of the version is left out;</li>
 *   <li>{@code gpu} when a GPU is present; for listed GPUs also {@code gpu-<backend>} for each backend one offers
 *       ({@code gpu-cuda}, {@code gpu-optix}, {@code gpu-hip}, {@code gpu-oneapi}), {@code gpu-count-N} and
 *       {@code gpu-mem-Ng} with the memory of the smallest in GiB rounded down (every executor's GPU has at least
 *       that);</li>
 *   <li>{@code cores-N} with the exact core count and {@code ram-Ng} with the memory in GiB rounded down.</li>
 * </ul>
 * Capabilities may come from a machine that is not trusted to name its own labels (a Jenkins agent reports them):
 * a renderer becomes labels only when its name is one the engine knows ({@link #isRendererLabel}), so no report can
 * give a machine another node's name, a label-expression operator or any label that is not a render capability.
 *
 * <p>The expression of a profile ({@link #labelExpression}) names the renderer, or its pinned version prefix
 * when the constraint has one of at least major.minor ({@code 3.4}, {@code 3.4.x}, {@code 3.4.1}), and
 * {@code gpu} when required, or {@code gpu-<backend>} for a named backend: {@code blender-3.4 && gpu-optix}. What atoms cannot express is left to
 * {@link SlotMatcher} at dispatch: version ranges and major-only pins ({@code >=3.0}, {@code 3.x} give plain
 * {@code blender}), and minimum cores and memory, which would need an open-ended disjunction over every
 * possible {@code cores-N}. So the expression selects a superset of the capable agents, never fewer.
 */
public final class CapabilityLabels {
    private static final Pattern PLAIN_ATOM = Pattern.compile("[A-Za-z0-9_.-]+");
    /** A renderer name as a label: lower-case letters, digits, '_' and '-', starting with a letter. */
    private static final Pattern RENDERER_ATOM = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private CapabilityLabels() {}

    /** The labels of a machine, sorted by natural string order. */
    public static SortedSet<String> labels(Capabilities capabilities) {
        SortedSet<String> labels = new TreeSet<>();
        for (Map.Entry<String, String> installed : capabilities.renderers().entrySet()) {
            String name = installed.getKey();
            if (!isRendererLabel(name)) {
                continue;
            }
            labels.add(name);
            for (String prefix : versionPrefixes(installed.getValue())) {
                labels.add(name + "-" + prefix);
            }
        }
        if (capabilities.gpu()) {
            labels.add("gpu");
        }
        List<GpuDevice> gpus = capabilities.gpus();
        if (!gpus.isEmpty()) {
            gpus.forEach(g -> g.backends().forEach(b -> labels.add("gpu-" + b.wireName())));
            labels.add("gpu-count-" + gpus.size());
            long smallest = gpus.stream().mapToLong(GpuDevice::memoryMb).min().orElse(0);
            if (smallest > 0) {
                labels.add("gpu-mem-" + smallest / 1024 + "g");
            }
        }
        labels.add("cores-" + capabilities.cores());
        labels.add("ram-" + capabilities.ramMb() / 1024 + "g");
        return labels;
    }

    /**
     * Whether a reported renderer name may become a label: a renderer the engine knows, spelled as a plain label
     * atom. Anything else (spaces, {@code &&}, quotes, another node's name) is dropped from the labels.
     */
    public static boolean isRendererLabel(String name) {
        return name != null
                && RENDERER_ATOM.matcher(name).matches()
                && Renderers.all().stream().anyMatch(r -> r.name().equals(name));
    }

    /** The Jenkins label expression selecting agents for a profile; see the class Javadoc for what it omits. */
    public static String labelExpression(JobProfile profile) {
        VersionConstraint versions = VersionConstraint.parse(profile.versionConstraint());
        String renderer = profile.renderer();
        Optional<String> pinned = versions.pinnedPrefix().filter(p -> p.contains("."));
        List<String> atoms = new ArrayList<>();
        atoms.add(atom(pinned.map(p -> renderer + "-" + p).orElse(renderer)));
        if (profile.requirements().gpu()) {
            GpuBackend backend = profile.requirements().gpuBackend();
            atoms.add(backend == GpuBackend.ANY ? "gpu" : "gpu-" + backend.wireName());
        }
        return String.join(" && ", atoms);
    }

    /** {@code 3.4.1} → {@code 3.4, 3.4.1}; a bare major {@code 4} counts as {@code 4.0}. */
    private static List<String> versionPrefixes(String version) {
        List<String> prefixes = new ArrayList<>();
        VersionConstraint.numericPart(version).ifPresent(parts -> {
            StringBuilder prefix =
                    new StringBuilder().append(parts[0]).append('.').append(parts.length > 1 ? parts[1] : "0");
            prefixes.add(prefix.toString());
            for (int i = 2; i < parts.length; i++) {
                prefix.append('.').append(parts[i]);
                prefixes.add(prefix.toString());
            }
        });
        return prefixes;
    }

    /** Quotes a label that holds characters the label-expression grammar treats as operators or spaces. */
    private static String atom(String label) {
        return PLAIN_ATOM.matcher(label).matches() ? label : "\"" + label.replace("\"", "\\\"") + "\"";
    }
}

package io.renderfarm.engine.capability;

import io.renderfarm.engine.job.FrameFormat;
import io.renderfarm.engine.job.GpuBackend;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.Requirements;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Decides whether a render slot can render a job of a profile: the renderer installed in an allowed version that
 * writes the profile's format (when it overrides the scene's), enough cores and memory, a GPU when required (one
 * offering the profile's backend, when the slot lists its GPUs), and the slot not offline. A busy slot is capable;
 * whether it
 * is free now is the scheduler's question. A {@link SlotStatus#PROVISIONABLE} slot is capable: its machine is not
 * there to be checked yet. Pure and thread-safe.
 *
 * <p>A malformed version constraint in the profile is a configuration error, not a property of the slot, so it
 * is thrown as an {@link IllegalArgumentException} rather than reported as a reason.
 */
public final class SlotMatcher {
    private SlotMatcher() {}

    /**
     * Whether a slot can render a profile's jobs, with every reason it cannot.
     *
     * @param reasons human-readable reasons such as {@code no GPU}; empty exactly when the slot is capable
     */
    public record MatchResult(List<String> reasons) {
        public static final MatchResult CAPABLE = new MatchResult(List.of());

        public MatchResult {
            reasons = List.copyOf(reasons);
        }

        public boolean capable() {
            return reasons.isEmpty();
        }
    }

    /** Matches one slot against a profile. */
    public static MatchResult match(JobProfile profile, RenderSlot slot) {
        return match(profile, VersionConstraint.parse(profile.versionConstraint()), slot);
    }

    /**
     * Whether the slot's machine could render the profile at all, whatever its current status: an offline Jenkins
     * agent may come back, so a job waits for it instead of failing.
     */
    public static MatchResult matchCapabilities(JobProfile profile, RenderSlot slot) {
        return match(profile, slot.status() == SlotStatus.OFFLINE ? slot.withStatus(SlotStatus.IDLE) : slot);
    }

    /** Matches every slot, in the given order (the map iterates in that order; it is unmodifiable). */
    public static Map<RenderSlot, MatchResult> matchAll(JobProfile profile, Collection<RenderSlot> slots) {
        VersionConstraint versions = VersionConstraint.parse(profile.versionConstraint());
        Map<RenderSlot, MatchResult> results = new LinkedHashMap<>();
        for (RenderSlot slot : slots) {
            results.put(slot, match(profile, versions, slot));
        }
        return Collections.unmodifiableMap(results);
    }

    /** Whether the renderer writes the format there; the scene's own format and unprobed formats are not checked. */
    private static boolean writes(Capabilities offered, String renderer, FrameFormat format) {
        List<String> formats = offered.formatsOf(renderer);
        return format == FrameFormat.SCENE
                || formats == null
                || formats.isEmpty()
                || formats.contains(format.wireName());
    }

    private static String backends(GpuDevice gpu) {
        return gpu.backends().stream().map(GpuBackend::wireName).sorted().collect(Collectors.joining(", "));
    }

    private static MatchResult match(JobProfile profile, VersionConstraint versions, RenderSlot slot) {
        Objects.requireNonNull(slot, "slot");
        if (slot.status() == SlotStatus.PROVISIONABLE) {
            return MatchResult.CAPABLE; // its machine does not exist yet: the label it was found by vouches for it
        }
        List<String> reasons = new ArrayList<>();
        if (slot.status() == SlotStatus.OFFLINE) {
            reasons.add("slot is offline");
        }
        Capabilities offered = slot.capabilities();
        String renderer = profile.renderer();
        if (!offered.has(renderer)) {
            reasons.add("no " + renderer + " installed");
        } else if (!versions.allows(offered.versionOf(renderer))) {
            reasons.add(renderer + " " + offered.versionOf(renderer) + " does not satisfy " + versions);
        } else if (!writes(offered, renderer, profile.format().format())) {
            reasons.add(renderer + " " + offered.versionOf(renderer) + " cannot write "
                    + profile.format().format() + " frames (it writes " + String.join(", ", offered.formatsOf(renderer))
                    + ")");
        }
        Requirements needed = profile.requirements();
        if (offered.cores() < needed.minCores()) {
            reasons.add(offered.cores() + " cores < " + needed.minCores() + " required");
        }
        if (offered.ramMb() < needed.minRamMb()) {
            reasons.add(offered.ramMb() + " MiB RAM < " + needed.minRamMb() + " MiB required");
        }
        if (needed.gpu() && !offered.gpu()) {
            reasons.add("no GPU");
        } else if (needed.gpu()
                && !offered.gpus().isEmpty()
                && offered.gpus().stream().noneMatch(g -> g.offers(needed.gpuBackend()))) {
            reasons.add("no GPU offers " + needed.gpuBackend().wireName() + " (has "
                    + offered.gpus().stream()
                            .map(g -> g.name() + ": " + backends(g))
                            .collect(Collectors.joining("; ")) + ")");
        }
        return reasons.isEmpty() ? MatchResult.CAPABLE : new MatchResult(reasons);
    }
}

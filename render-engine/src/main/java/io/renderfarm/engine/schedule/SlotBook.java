package io.renderfarm.engine.schedule;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotMatcher;
import io.renderfarm.engine.farm.RenderFarm;
import io.renderfarm.engine.job.JobProfile;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Per-job record of machine failures: a machine ({@link RenderFarm#machineOf}; a slot of the standalone site, a
 * Jenkins agent) that failed {@code threshold} chunks of this job is blocklisted for it, with every slot it has
 * (Flamenco's blocklist_threshold, Deadline's bad workers). Not thread-safe: owned by the job's loop.
 */
final class SlotBook {
    private final int threshold;
    private final Map<String, Integer> failures = new HashMap<>();
    private final Set<String> blocklisted = new HashSet<>();

    SlotBook(int threshold) {
        this.threshold = threshold;
    }

    /** Counts a failure of the machine; true when this failure put it on the blocklist. */
    boolean recordFailure(String machine) {
        int count = failures.merge(machine, 1, Integer::sum);
        return count >= threshold && blocklisted.add(machine);
    }

    /**
     * Takes back one failure the machine was not to blame for, lifting its blocklisting when it falls below the
     * threshold.
     */
    void forgive(String machine) {
        int count = failures.merge(machine, -1, Integer::sum);
        if (count < threshold) {
            blocklisted.remove(machine);
        }
    }

    boolean isBlocklisted(String machine) {
        return blocklisted.contains(machine);
    }

    int failures(String machine) {
        return failures.getOrDefault(machine, 0);
    }

    /**
     * Why none of the slots can take the job: each blocklisted machine once, each other slot's mismatch, and the
     * last failure.
     */
    String whyNoSlot(
            JobProfile profile, List<RenderSlot> slots, Function<RenderSlot, String> machineOf, String lastFailure) {
        if (slots.isEmpty()) {
            return "no render slot is configured";
        }
        Set<String> reasons = new LinkedHashSet<>();
        for (RenderSlot slot : slots) {
            String machine = machineOf.apply(slot);
            reasons.add(
                    isBlocklisted(machine)
                            ? machine + " is blocklisted after " + failures(machine) + " failures"
                            : slot.id() + ": "
                                    + String.join(
                                            ", ",
                                            SlotMatcher.match(profile, slot).reasons()));
        }
        String why = "no slot can render this job: " + String.join("; ", reasons);
        return lastFailure == null ? why : why + "; last failure: " + lastFailure;
    }
}

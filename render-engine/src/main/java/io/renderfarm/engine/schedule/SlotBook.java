package io.renderfarm.engine.schedule;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotMatcher;
import io.renderfarm.engine.job.JobProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Per-job record of slot failures: a slot that failed {@code threshold} chunks of this job is blocklisted for
 * it (Flamenco's blocklist_threshold, Deadline's bad workers). Not thread-safe: owned by the job's loop.
 */
final class SlotBook {
    private final int threshold;
    private final Map<String, Integer> failures = new HashMap<>();
    private final Set<String> blocklisted = new HashSet<>();

    SlotBook(int threshold) {
        this.threshold = threshold;
    }

    /** Counts a failure; true when this failure put the slot on the blocklist. */
    boolean recordFailure(String slotId) {
        int count = failures.merge(slotId, 1, Integer::sum);
        return count >= threshold && blocklisted.add(slotId);
    }

    /** Takes back one failure the slot was not to blame for, lifting its blocklisting when it falls below the threshold. */
    void forgive(String slotId) {
        int count = failures.merge(slotId, -1, Integer::sum);
        if (count < threshold) {
            blocklisted.remove(slotId);
        }
    }

    boolean isBlocklisted(String slotId) {
        return blocklisted.contains(slotId);
    }

    int failures(String slotId) {
        return failures.getOrDefault(slotId, 0);
    }

    /** Why none of the slots can take the job: each one's blocklisting or mismatch, and the last failure. */
    String whyNoSlot(JobProfile profile, List<RenderSlot> slots, String lastFailure) {
        if (slots.isEmpty()) {
            return "no render slot is configured";
        }
        List<String> reasons = new ArrayList<>();
        for (RenderSlot slot : slots) {
            reasons.add(isBlocklisted(slot.id())
                    ? slot.id() + " is blocklisted after " + failures(slot.id()) + " failures"
                    : slot.id() + ": " + String.join(", ", SlotMatcher.match(profile, slot).reasons()));
        }
        String why = "no slot can render this job: " + String.join("; ", reasons);
        return lastFailure == null ? why : why + "; last failure: " + lastFailure;
    }
}

package io.renderfarm.engine.schedule;

import io.renderfarm.engine.farm.RenderFarm;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.render.FailureKind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a failed chunk leads to, by whose fault it is ({@link FailureKind}):
 * <ul>
 *   <li>a <b>scene error</b> ends the job at once with {@code scene error: <renderer's message> (frame N)},
 *       blaming no machine;</li>
 *   <li>a <b>slot error</b> counts against its machine ({@link RenderFarm#machineOf}: a slot of the standalone
 *       site, a Jenkins agent), which is blocklisted for the job at the profile's threshold, and the frames it did
 *       not deliver are queued again to avoid that machine — or, after the profile's retries, fail for good;</li>
 *   <li>an <b>unknown</b> failure is handled like a slot error (its retry goes to another machine when there is
 *       one); when the same frames then fail the same way (the same message, numbers aside) on another machine, it
 *       is taken for a scene error and the earlier failure no longer counts against its machine. On a farm of one
 *       machine nothing tells the two apart, and unknown failures stay slot errors.</li>
 * </ul>
 * A chunk whose machine was lost (not a failure of the machine) is retried the same way without counting toward the
 * blocklist. Previews that keep failing for a machine's reasons are dropped: they are never worth failing a job.
 * Used on the job's loop only.
 */
final class FailurePolicy {
    /** Why a chunk failed: the reason, whose fault, and the frame the renderer was on (-1 when not known). */
    record Failure(String message, FailureKind kind, int frame) {
        static Failure slot(String message) {
            return new Failure(message, FailureKind.SLOT, -1);
        }
    }

    /**
     * An unknown failure of a frame: on which machine (and where, as events name it), its message with the numbers
     * taken out, and whether it counted against the machine.
     */
    private record Unknown(String machine, String where, String signature, boolean counted) {}

    private final JobProfile profile;
    private final SlotBook slotBook;
    private final FrameLedger ledger;
    private final WorkQueue work;
    private final RunEvents events;
    private final Consumer<String> onBlocklisted;
    private final Map<Integer, Unknown> unknownByFrame = new HashMap<>();
    private String lastFailure;
    private String exhaustedReason;

    /** @param onBlocklisted told each machine the job stops using */
    FailurePolicy(
            JobProfile profile,
            SlotBook slotBook,
            FrameLedger ledger,
            WorkQueue work,
            RunEvents events,
            Consumer<String> onBlocklisted) {
        this.profile = profile;
        this.slotBook = slotBook;
        this.ledger = ledger;
        this.work = work;
        this.events = events;
        this.onBlocklisted = onBlocklisted;
    }

    /**
     * Records a failed chunk and queues what it owes again.
     *
     * @param machineAtFault false when the farm lost the machine rather than the machine failing the chunk: the
     *                       frames are retried, and the machine's failure count stays as it was
     * @return null when the job goes on; otherwise why it must fail at once (a scene error)
     */
    String chunkFailed(RunningChunk chunk, FrameSet missing, Failure failure, boolean machineAtFault) {
        String machine = chunk.machine();
        lastFailure = failure.message();
        if (failure.kind() == FailureKind.SCENE) {
            return sceneError(chunk, missing, failure, "");
        }
        if (failure.kind() == FailureKind.UNKNOWN) {
            Unknown before = sameFailureBefore(machine, missing, failure);
            if (before != null) {
                if (before.counted()) {
                    slotBook.forgive(before.machine());
                }
                return sceneError(
                        chunk,
                        missing,
                        failure,
                        "; it failed the same way on " + before.where() + " and " + chunk.where());
            }
            Unknown unknown = new Unknown(machine, chunk.where(), signature(failure.message()), machineAtFault);
            missing.forEach(f -> unknownByFrame.put(f, unknown));
        }
        boolean willRetry = chunk.work().attempt() <= profile.retries();
        events.chunkFailed(
                chunk.work(), chunk.where(), failure.message(), willRetry, missing, failure.kind(), failure.frame());
        if (machineAtFault && slotBook.recordFailure(machine)) {
            events.blocklisted(
                    machine, slotBook.failures(machine) + " failures in this job, last: " + failure.message());
            onBlocklisted.accept(machine);
        }
        if (missing.isEmpty() || chunk.work().isPreview() && !willRetry) {
            return null;
        }
        if (willRetry) {
            Set<String> failedOn = new HashSet<>(chunk.failedOn());
            failedOn.add(machine);
            ledger.release(missing);
            work.addRetry(new RetryChunk(
                    missing, chunk.work().isPreview(), chunk.work().attempt() + 1, Set.copyOf(failedOn)));
        } else {
            missing.forEach(f -> ledger.set(f, FrameStatus.FAILED));
            exhaustedReason =
                    "frame(s) " + missing + " failed " + chunk.work().attempt() + " times, last: " + failure.message();
        }
        return null;
    }

    private String sceneError(RunningChunk chunk, FrameSet missing, Failure failure, String repeated) {
        int frame = failure.frame() >= 0
                ? failure.frame()
                : missing.isEmpty() ? chunk.work().frames().first() : missing.first();
        events.chunkFailed(chunk.work(), chunk.where(), failure.message(), false, missing, FailureKind.SCENE, frame);
        return "scene error: " + failure.message() + " (frame " + frame + repeated + ")";
    }

    /**
     * The earlier unknown failure of any of these frames with the same signature on another machine. A repeat on
     * the same machine proves nothing: with no other machine to try, unknown failures are retried as slot errors.
     */
    private Unknown sameFailureBefore(String machine, FrameSet missing, Failure failure) {
        String signature = signature(failure.message());
        for (int frame : missing) {
            Unknown before = unknownByFrame.get(frame);
            if (before != null
                    && !before.machine().equals(machine)
                    && before.signature().equals(signature)) {
                return before;
            }
        }
        return null;
    }

    /** A failure's message with its numbers (frames, slots, exit codes, scratch folders) taken out. */
    static String signature(String message) {
        return message.replaceAll("\\d+", "#");
    }

    /** The last chunk failure of the job, or null. */
    String lastFailure() {
        return lastFailure;
    }

    /** Why frames failed for good, or null when none did. */
    String exhaustedReason() {
        return exhaustedReason;
    }
}

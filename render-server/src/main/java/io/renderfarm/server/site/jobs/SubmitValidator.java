package io.renderfarm.server.site.jobs;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotMatcher;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.schedule.FairShareFarm;
import io.renderfarm.engine.site.api.FileEntry;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.callback.CallbackPeers;
import io.renderfarm.engine.site.host.SubmitCheck;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.server.site.base.ProblemException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a submit request and turns it into what the site runs: the checks every host applies are the engine's
 * {@link SubmitCheck} (unsafe file names, a scene not among the files, bad frames, an unknown profile field, scene
 * scripts the site does not allow, a callback URL that is not a peer's or comes without its key); this site adds
 * its default output prefix (the scene's name), {@code where} and {@code priority}. Where
 * the job renders is the {@link Placer}'s to decide; then {@link #checkCapable} refuses a job decided here that no
 * slot here can render (422), and {@link #checkPresent} files the site lacks (409 with their hashes).
 */
public final class SubmitValidator {
    static final int MAX_FILES = SubmitCheck.MAX_FILES;
    static final int MAX_FRAMES = SubmitCheck.MAX_FRAMES;

    /** A request that passed every check. */
    public record Valid(
            String name,
            String scene,
            List<FileEntry> files,
            FrameSet frames,
            JobProfile profile,
            OutputNaming output,
            Where where,
            String callbackUrl,
            String callbackSecret,
            int priority) {
        @Override
        public String toString() {
            return "Valid[" + name + ", " + scene + ", frames " + frames + ", where " + where + "]";
        }
    }

    private final BlobStore blobs;
    private final List<RenderSlot> slots;
    private final CallbackPeers peers;
    private final boolean scriptsAllowed;

    /** @param scriptsAllowed whether this site runs the scripts scenes carry when a profile asks for it */
    SubmitValidator(BlobStore blobs, List<RenderSlot> slots, CallbackPeers peers, boolean scriptsAllowed) {
        this.blobs = blobs;
        this.slots = slots;
        this.peers = peers;
        this.scriptsAllowed = scriptsAllowed;
    }

    Valid check(SubmitRequest r) {
        SubmitCheck.Checked c;
        try {
            c = SubmitCheck.check(r, peers, scriptsAllowed, "its operator can allow them with serve --allow-scripts");
        } catch (SiteException e) {
            throw ProblemException.of(e);
        }
        OutputNaming output = r.output() != null ? r.output() : OutputNaming.withPrefix(defaultPrefix(c.scene()));
        Where where = r.where() == null ? Where.AUTO : r.where();
        return new Valid(
                c.name(),
                c.scene(),
                c.files(),
                c.frames(),
                c.profile(),
                output,
                where,
                c.callbackUrl(),
                c.callbackSecret(),
                checkPriority(r.priority()));
    }

    /** 0..100; absent means {@link FairShareFarm#DEFAULT_PRIORITY}. */
    static int checkPriority(Integer priority) {
        if (priority == null) {
            return FairShareFarm.DEFAULT_PRIORITY;
        }
        try {
            FairShareFarm.checkPriority(priority);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("'priority' must be 0..100 (higher renders first), got " + priority);
        }
        return priority;
    }

    /** Refuses (422) a job no slot of this site can render, naming each reason. */
    void checkCapable(JobProfile profile) {
        Set<String> reasons = new LinkedHashSet<>();
        for (RenderSlot slot : slots) {
            SlotMatcher.MatchResult match = SlotMatcher.match(profile, slot);
            if (match.capable()) {
                return;
            }
            reasons.addAll(match.reasons());
        }
        throw new ProblemException(
                ProblemType.NO_CAPABLE_SLOT, "no slot of this site can render the job: " + String.join("; ", reasons));
    }

    /** Refuses (409, naming the hashes) files the site does not hold; checked after the decision, which may refuse sooner. */
    void checkPresent(List<FileEntry> files) {
        List<String> missing = files.stream()
                .map(FileEntry::sha256)
                .filter(h -> !blobs.has(h))
                .distinct()
                .toList();
        if (!missing.isEmpty()) {
            throw new ProblemException(
                    ProblemType.FILES_MISSING,
                    missing.size() + " of the job's files are not on the"
                            + " site; upload them first (POST /api/blobs/missing, PUT /api/blobs/{sha256})",
                    missing);
        }
    }

    static String defaultPrefix(String scene) {
        String file = Path.of(scene).getFileName().toString();
        int dot = file.lastIndexOf('.');
        String base = (dot > 0 ? file.substring(0, dot) : file).replaceAll("[^A-Za-z0-9_.-]", "_");
        if (base.startsWith(".")) {
            base = "_" + base.substring(1);
        }
        return (base.length() > 60 ? base.substring(0, 60) : base) + "_";
    }
}

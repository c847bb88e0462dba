package io.renderfarm.server.site.jobs;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotMatcher;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.render.Renderers;
import io.renderfarm.engine.schedule.FairShareFarm;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.bundle.BundlePaths;
import io.renderfarm.engine.site.bundle.FileEntry;
import io.renderfarm.engine.site.callback.CallbackPeers;
import io.renderfarm.engine.site.callback.CallbackSignature;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.server.site.http.ProblemException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a submit request field by field and turns it into what the site runs, refusing with a 4xx that names the
 * field: unsafe file names, a scene not among the files, bad frames, an unknown profile field, scene scripts the
 * site does not allow, a callback URL that is not a peer's ({@link CallbackPeers}) or comes without its key. Where
 * the job renders is the {@link Placer}'s to decide; then {@link #checkCapable} refuses a job decided here that no
 * slot here can render (422), and {@link #checkPresent} files the site lacks (409 with their hashes).
 */
public final class SubmitValidator {
    static final int MAX_FILES = 10_000;
    static final int MAX_FRAMES = 100_000;

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
        if (r == null) {
            throw ProblemException.badRequest("the body must be a JSON object describing the job");
        }
        List<FileEntry> files = checkFiles(r.files());
        String scene = r.scene();
        if (scene == null || files.stream().noneMatch(f -> f.path().equals(scene))) {
            throw ProblemException.badRequest("'scene' must name one of the files, got '" + scene + "'");
        }
        FrameSet frames = checkFrames(r.frames());
        JobProfile profile = checkProfile(r, scene);
        if (profile.allowScripts() && !scriptsAllowed) {
            throw new ProblemException(
                    ProblemType.SCRIPTS_NOT_ALLOWED,
                    "this site does not run the scripts scenes carry"
                            + " (profile 'allowScripts'): its operator can allow them with serve --allow-scripts");
        }
        OutputNaming output = r.output() != null ? r.output() : OutputNaming.withPrefix(defaultPrefix(scene));
        Where where = r.where() == null ? Where.AUTO : r.where();
        String callback = checkCallback(r.callbackUrl());
        String secret = checkSecret(callback, r.callbackSecret());
        String name = r.name() == null || r.name().isBlank()
                ? Path.of(scene).getFileName().toString()
                : r.name().strip();
        if (name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest("'name' must be at most 200 characters without control characters");
        }
        return new Valid(
                name, scene, files, frames, profile, output, where, callback, secret, checkPriority(r.priority()));
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

    private static List<FileEntry> checkFiles(List<FileEntry> files) {
        if (files == null || files.isEmpty()) {
            throw ProblemException.badRequest("'files' must list the scene and the files it needs");
        }
        if (files.size() > MAX_FILES) {
            throw ProblemException.badRequest("a job may have at most " + MAX_FILES + " files, got " + files.size());
        }
        Set<String> seen = new HashSet<>();
        for (FileEntry f : files) {
            if (f == null) {
                throw ProblemException.badRequest("'files' must not hold null entries");
            }
            try {
                BundlePaths.check(f.path());
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest(e.getMessage());
            }
            BlobStore.checkHash(f.sha256());
            if (f.size() < 0) {
                throw ProblemException.badRequest("file '" + f.path() + "' has a negative size");
            }
            if (!seen.add(f.path())) {
                throw ProblemException.badRequest("file '" + f.path() + "' is listed twice");
            }
        }
        // a/b as a file and a/b/c as another cannot both be laid out
        for (String path : seen) {
            for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
                if (seen.contains(path.substring(0, i))) {
                    throw ProblemException.badRequest(
                            "'" + path.substring(0, i) + "' is listed as a file and as a folder");
                }
            }
        }
        return List.copyOf(files);
    }

    private static FrameSet checkFrames(String spec) {
        if (spec == null || spec.isBlank()) {
            throw ProblemException.badRequest("'frames' is required: 1-100, 1-100x5 or 1,5,9-12");
        }
        FrameSet frames;
        try {
            frames = FrameSet.parse(spec);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("bad 'frames': " + e.getMessage());
        }
        if (frames.isEmpty() || frames.size() > MAX_FRAMES) {
            throw ProblemException.badRequest("'frames' must name 1.." + MAX_FRAMES + " frames, got " + frames.size());
        }
        return frames;
    }

    private static JobProfile checkProfile(SubmitRequest r, String scene) {
        JobProfile profile;
        try {
            if (r.profile() == null || r.profile().isNull()) {
                String renderer = Renderers.forScene(Path.of(scene))
                        .orElseThrow(() -> new IllegalArgumentException(
                                "cannot tell the renderer from '" + scene + "': send a profile with a renderer"))
                        .name();
                profile = JobProfile.defaults(renderer);
            } else {
                profile = ProfileReader.fromJson(r.profile());
            }
            Renderers.forName(profile.renderer());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("profile: " + e.getMessage());
        }
        return profile;
    }

    /** The completion notice's key: required with a callback URL, refused without one; never echoed. */
    private static String checkSecret(String callbackUrl, String secret) {
        if (secret == null || secret.isEmpty()) {
            if (callbackUrl != null) {
                throw ProblemException.badRequest(
                        "'callbackSecret' is required with 'callbackUrl': the completion" + " notice is always signed");
            }
            return null;
        }
        if (callbackUrl == null) {
            throw ProblemException.badRequest("'callbackSecret' is only meaningful with 'callbackUrl'");
        }
        if (secret.length() < CallbackSignature.MIN_KEY_LENGTH
                || secret.length() > 256
                || !secret.matches("[\\x21-\\x7e]+")) {
            throw ProblemException.badRequest("'callbackSecret' must be " + CallbackSignature.MIN_KEY_LENGTH
                    + " to 256 printable characters without spaces");
        }
        return secret;
    }

    private String checkCallback(String url) {
        try {
            return peers.check(url);
        } catch (SiteException e) {
            throw ProblemException.badRequest(e.problem().detail());
        }
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

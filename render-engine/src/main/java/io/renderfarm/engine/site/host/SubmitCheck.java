package io.renderfarm.engine.site.host;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.render.Renderers;
import io.renderfarm.engine.site.api.FileEntry;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.bundle.BlobFolder;
import io.renderfarm.engine.site.bundle.BundlePaths;
import io.renderfarm.engine.site.callback.CallbackPeers;
import io.renderfarm.engine.site.callback.CallbackSignature;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks every site applies to a {@code POST /api/jobs} body before it runs anything, the same on every host:
 * a name, safe file names, the scene among the files, a frame spec, a profile the engine accepts, scene scripts
 * only where the site runs them, a callback URL of one of the site's {@link CallbackPeers} with its key. A refusal
 * is a {@link SiteException} naming the field: {@code bad-request} (400), or {@code scripts-not-allowed} (422).
 * What only one host decides (where the job renders, its priority, whether a slot can render it, which files are
 * held) stays with the host.
 */
public final class SubmitCheck {
    public static final int MAX_FILES = 10_000;
    public static final int MAX_FRAMES = 100_000;
    public static final int MAX_NAME = 200;

    /**
     * A request that passed every check, with its values parsed: {@code name} defaults to the scene's file name,
     * {@code output} to {@link OutputNaming#DEFAULT}; {@code callbackSecret} is null without a callback.
     */
    public record Checked(
            String name,
            String scene,
            List<FileEntry> files,
            FrameSet frames,
            JobProfile profile,
            OutputNaming output,
            String callbackUrl,
            String callbackSecret) {
        @Override
        public String toString() {
            return "Checked[" + name + ", " + scene + ", frames " + frames + "]"; // never the secret
        }
    }

    private SubmitCheck() {}

    /** Checks the request for a site that does not run scene scripts. */
    public static Checked check(SubmitRequest r, CallbackPeers peers) throws SiteException {
        return check(r, peers, false, null);
    }

    /**
     * Checks the request; a {@code callbackUrl} must belong to one of {@code peers}; a profile asking for scene
     * scripts is refused unless {@code scriptsAllowed}, the refusal ending with {@code howToAllow} when given.
     */
    public static Checked check(SubmitRequest r, CallbackPeers peers, boolean scriptsAllowed, String howToAllow)
            throws SiteException {
        if (r == null) {
            throw bad("the body must be a JSON object describing the job");
        }
        List<FileEntry> files = checkFiles(r.files());
        String scene = r.scene();
        if (scene == null || files.stream().noneMatch(f -> f.path().equals(scene))) {
            throw bad("'scene' must name one of the files, got '" + scene + "'");
        }
        FrameSet frames = checkFrames(r.frames());
        JobProfile profile = checkProfile(r, scene);
        if (profile.allowScripts() && !scriptsAllowed) {
            throw ProblemType.SCRIPTS_NOT_ALLOWED.refusal("this site does not run the scripts scenes carry"
                    + " (profile 'allowScripts')" + (howToAllow == null ? "" : ": " + howToAllow));
        }
        OutputNaming output = r.output() != null ? r.output() : OutputNaming.DEFAULT;
        String callback = peers.check(r.callbackUrl());
        String secret = checkSecret(callback, r.callbackSecret());
        Path sceneFile = Path.of(scene).getFileName(); // null only for a root, which checkFiles never lets through
        String name = r.name() == null || r.name().isBlank()
                ? (sceneFile == null ? scene : sceneFile.toString())
                : r.name().strip();
        if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw bad("'name' must be at most " + MAX_NAME + " characters without control characters");
        }
        return new Checked(name, scene, files, frames, profile, output, callback, secret);
    }

    private static List<FileEntry> checkFiles(List<FileEntry> files) throws SiteException {
        if (files == null || files.isEmpty()) {
            throw bad("'files' must list the scene and the files it needs");
        }
        if (files.size() > MAX_FILES) {
            throw bad("a job may have at most " + MAX_FILES + " files, got " + files.size());
        }
        Set<String> seen = new HashSet<>();
        for (FileEntry f : files) {
            if (f == null) {
                throw bad("'files' must not hold null entries");
            }
            try {
                BundlePaths.check(f.path());
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
            BlobFolder.checkHash(f.sha256());
            if (f.size() < 0) {
                throw bad("file '" + f.path() + "' has a negative size");
            }
            if (!seen.add(f.path())) {
                throw bad("file '" + f.path() + "' is listed twice");
            }
        }
        // a/b as a file and a/b/c as another cannot both be laid out
        for (String path : seen) {
            for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
                if (seen.contains(path.substring(0, i))) {
                    throw bad("'" + path.substring(0, i) + "' is listed as a file and as a folder");
                }
            }
        }
        return List.copyOf(files);
    }

    private static FrameSet checkFrames(String spec) throws SiteException {
        if (spec == null || spec.isBlank()) {
            throw bad("'frames' is required: 1-100, 1-100x5 or 1,5,9-12");
        }
        FrameSet frames;
        try {
            frames = FrameSet.parse(spec);
        } catch (IllegalArgumentException e) {
            throw bad("bad 'frames': " + e.getMessage());
        }
        if (frames.isEmpty() || frames.size() > MAX_FRAMES) {
            throw bad("'frames' must name 1.." + MAX_FRAMES + " frames, got " + frames.size());
        }
        return frames;
    }

    private static JobProfile checkProfile(SubmitRequest r, String scene) throws SiteException {
        try {
            JobProfile profile = r.profile() == null || r.profile().isNull()
                    ? JobProfile.defaults(Renderers.forScene(Path.of(scene))
                            .orElseThrow(() -> new IllegalArgumentException(
                                    "cannot tell the renderer from '" + scene + "': send a profile with a renderer"))
                            .name())
                    : ProfileReader.fromJson(r.profile());
            Renderers.forName(profile.renderer());
            return profile;
        } catch (IllegalArgumentException e) {
            throw bad("profile: " + e.getMessage());
        }
    }

    /** The completion notice's key: required with a callback URL, refused without one; never echoed. */
    private static String checkSecret(String callbackUrl, String secret) throws SiteException {
        if (secret == null || secret.isEmpty()) {
            if (callbackUrl != null) {
                throw bad("'callbackSecret' is required with 'callbackUrl': the completion notice is always signed");
            }
            return null;
        }
        if (callbackUrl == null) {
            throw bad("'callbackSecret' is only meaningful with 'callbackUrl'");
        }
        if (secret.length() < CallbackSignature.MIN_KEY_LENGTH
                || secret.length() > 256
                || !secret.matches("[\\x21-\\x7e]+")) {
            throw bad("'callbackSecret' must be " + CallbackSignature.MIN_KEY_LENGTH
                    + " to 256 printable characters without spaces");
        }
        return secret;
    }

    private static SiteException bad(String detail) {
        return ProblemType.BAD_REQUEST.refusal(detail);
    }
}

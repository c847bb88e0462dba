package io.renderfarm.engine.site.protocol;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.render.Renderers;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.bundle.BlobFolder;
import io.renderfarm.engine.site.bundle.BundlePaths;
import io.renderfarm.engine.site.bundle.FileEntry;
import io.renderfarm.engine.site.callback.CallbackPeers;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks every site applies to a {@code POST /api/jobs} body before it runs anything, for hosts that serve the
 * protocol without the standalone site's validator (the Jenkins plugin): safe file names, the scene among the
 * files, a frame spec, a profile the engine accepts and that does not ask for scene scripts (such a host does not
 * run them), a callback URL of one of the site's {@link CallbackPeers}. A refusal is a {@link SiteException} with
 * status 400 naming the field.
 */
public final class SubmitCheck {
    public static final int MAX_FILES = 10_000;
    public static final int MAX_FRAMES = 100_000;

    /** A request that passed every check, with its values parsed. */
    public record Checked(
            String scene,
            List<FileEntry> files,
            FrameSet frames,
            JobProfile profile,
            OutputNaming output,
            String callbackUrl) {}

    private SubmitCheck() {}

    /** Checks the request; a {@code callbackUrl} must belong to one of {@code peers}. */
    public static Checked check(SubmitRequest r, CallbackPeers peers) throws SiteException {
        if (r == null) {
            throw bad("the body must be a JSON object describing the job");
        }
        List<FileEntry> files = checkFiles(r.files());
        String scene = r.scene();
        if (scene == null || files.stream().noneMatch(f -> f.path().equals(scene))) {
            throw bad("'scene' must name one of the files, got '" + scene + "'");
        }
        FrameSet frames;
        try {
            frames = FrameSet.parse(r.frames() == null ? "" : r.frames());
        } catch (IllegalArgumentException e) {
            throw bad("bad 'frames': " + e.getMessage());
        }
        if (frames.isEmpty() || frames.size() > MAX_FRAMES) {
            throw bad("'frames' must name 1.." + MAX_FRAMES + " frames, got " + frames.size());
        }
        JobProfile profile;
        try {
            profile = r.profile() == null || r.profile().isNull()
                    ? JobProfile.defaults(Renderers.forScene(Path.of(scene))
                            .orElseThrow(() -> new IllegalArgumentException(
                                    "cannot tell the renderer from '" + scene + "': send a profile with a renderer"))
                            .name())
                    : ProfileReader.fromJson(r.profile());
            Renderers.forName(profile.renderer());
        } catch (IllegalArgumentException e) {
            throw bad("profile: " + e.getMessage());
        }
        if (profile.allowScripts()) {
            throw bad("profile: this site does not run the scripts scenes carry ('allowScripts')");
        }
        OutputNaming output = r.output() != null ? r.output() : OutputNaming.DEFAULT;
        return new Checked(scene, files, frames, profile, output, peers.check(r.callbackUrl()));
    }

    private static List<FileEntry> checkFiles(List<FileEntry> files) throws SiteException {
        if (files == null || files.isEmpty() || files.size() > MAX_FILES) {
            throw bad("'files' must list the scene and the files it needs (at most " + MAX_FILES + ")");
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
            if (f.size() < 0 || !seen.add(f.path())) {
                throw bad("file '" + f.path() + "' has a negative size or is listed twice");
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

    private static SiteException bad(String detail) {
        return ProblemType.BAD_REQUEST.refusal(detail);
    }
}

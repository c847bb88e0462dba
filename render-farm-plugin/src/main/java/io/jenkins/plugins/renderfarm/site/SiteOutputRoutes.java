package io.jenkins.plugins.renderfarm.site;

import hudson.Functions;
import hudson.model.Item;
import hudson.model.Run;
import io.jenkins.plugins.renderfarm.progress.RenderProgressAction;
import io.jenkins.plugins.renderfarm.progress.StoredEntry;
import io.jenkins.plugins.renderfarm.store.ArtifactFrameStore;
import io.renderfarm.engine.sample.SampleMaker;
import io.renderfarm.engine.site.api.SampleList;
import io.renderfarm.engine.site.api.SampleView;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import io.renderfarm.engine.verify.FrameFileType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import jenkins.util.VirtualFile;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * A delegated build's output, as a standalone site serves a job's: per-frame status, each frame, all frames as one
 * zip with a {@code SHA256SUMS} file, the sample list and each sample. Lists need {@code Job/Read} (checked by
 * {@link SiteJobs#find}); image bytes also need {@code Run/Artifacts} when that permission is enabled, as the
 * build's own artifact pages do. Bytes are read through the build's artifact manager, so they come from wherever
 * it stores artifacts. A job whose build has not started has every frame pending and no image yet.
 */
final class SiteOutputRoutes {
    private static final Pattern SAMPLE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,200}");

    private SiteOutputRoutes() {
    }

    static void frames(String id, StaplerResponse2 rsp) throws IOException {
        SiteHttp.json(rsp, 200, SiteViews.frames(SiteJobs.find(id)));
    }

    static void frame(String id, String number, StaplerResponse2 rsp) throws IOException {
        WorkflowRun run = started(SiteJobs.find(id), "frame " + SiteHttp.abbreviate(number) + " is not rendered");
        artifacts(run);
        StoredEntry entry;
        try {
            entry = stored(run).get(Integer.parseInt(number));
        } catch (NumberFormatException e) {
            entry = null;
        }
        if (entry == null) {
            throw SiteHttp.problem(404, "Not found", "frame " + SiteHttp.abbreviate(number) + " is not rendered");
        }
        rsp.setHeader("ETag", "\"" + entry.getSha256() + "\"");
        send(run.getArtifactManager().root().child(entry.getPath()), rsp);
    }

    /**
     * Streams every archived frame and a {@code SHA256SUMS} file of the checksums recorded when each frame was
     * verified, as the standalone site does; PNGs do not shrink, so it deflates at the fastest level.
     */
    static void zip(String id, StaplerResponse2 rsp) throws IOException {
        WorkflowRun run = SiteJobs.find(id).run();
        if (run != null) {
            artifacts(run);
        }
        VirtualFile root = run == null ? null : run.getArtifactManager().root();
        rsp.setStatus(200);
        rsp.setContentType("application/zip");
        rsp.setHeader("Content-Disposition", "attachment; filename=\"" + id + "-frames.zip\"");
        try (ZipOutputStream zip = new ZipOutputStream(rsp.getOutputStream())) {
            zip.setLevel(Deflater.BEST_SPEED);
            StringBuilder sums = new StringBuilder();
            for (StoredEntry e : run == null ? List.<StoredEntry>of() : stored(run).values()) {
                VirtualFile file = root.child(e.getPath());
                if (!file.isFile()) {
                    continue; // deleted since; the list says what is there
                }
                String name = file.getName();
                zip.putNextEntry(new ZipEntry(name));
                try (InputStream in = file.open()) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
                sums.append(e.getSha256()).append("  ").append(name).append('\n');
            }
            zip.putNextEntry(new ZipEntry("SHA256SUMS"));
            zip.write(sums.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }

    /** The build's sample images (previews, thumbnails, contact sheet), by name. */
    static void samples(String id, StaplerResponse2 rsp) throws IOException {
        WorkflowRun run = SiteJobs.find(id).run();
        RenderProgressAction render = run == null ? null : run.getAction(RenderProgressAction.class);
        TreeSet<String> names = new TreeSet<>();
        VirtualFile dir = render == null ? null : samplesDir(run, render);
        if (dir != null && dir.isDirectory()) {
            for (VirtualFile f : dir.list()) {
                if (SAMPLE_NAME.matcher(f.getName()).matches() && f.isFile()) {
                    names.add(f.getName());
                }
            }
        }
        ArrayList<SampleView> samples = new ArrayList<>();
        for (String name : names) {
            samples.add(new SampleView(name, kind(name), SiteProtocol.jobPath(id) + "/samples/" + name));
        }
        SiteHttp.json(rsp, 200, new SampleList(samples));
    }

    static void sample(String id, String name, StaplerResponse2 rsp) throws IOException {
        WorkflowRun run = started(SiteJobs.find(id), "no sample '" + SiteHttp.abbreviate(name) + "' yet");
        artifacts(run);
        RenderProgressAction render = run.getAction(RenderProgressAction.class);
        if (render == null || !SAMPLE_NAME.matcher(name).matches()) {
            throw SiteHttp.problem(404, "Not found", "no sample '" + SiteHttp.abbreviate(name)
                    + "' (a sample name is a plain file name)");
        }
        send(samplesDir(run, render).child(name), rsp);
    }

    /** The job's build; a job whose build has not started has nothing to show yet (404 saying what). */
    private static WorkflowRun started(SiteJobs.Found found, String notYet) throws IOException {
        if (found.run() == null) {
            throw SiteHttp.problem(404, "Not found", notYet + ": the job has not started");
        }
        return found.run();
    }

    /** The engine names samples {@code preview_*}, {@code thumb_*} and the movie; the rest is the contact sheet. */
    private static String kind(String name) {
        return name.startsWith("preview_") ? "preview" : name.startsWith("thumb_") ? "thumbnail"
                : name.equals(SampleMaker.MOVIE_NAME) ? "movie" : "contact-sheet";
    }

    private static VirtualFile samplesDir(Run<?, ?> run, RenderProgressAction render) {
        return run.getArtifactManager().root().child(ArtifactFrameStore.samplesDir(render.getArtifactDir()));
    }

    /** Frames archived so far, in frame order. */
    private static Map<Integer, StoredEntry> stored(WorkflowRun run) {
        RenderProgressAction render = run.getAction(RenderProgressAction.class);
        return render == null ? Map.of() : new TreeMap<>(render.storedFrames());
    }

    private static void artifacts(Run<?, ?> run) {
        run.checkPermission(Functions.isArtifactsPermissionEnabled() ? Run.ARTIFACTS : Item.READ);
    }

    private static void send(VirtualFile file, StaplerResponse2 rsp) throws IOException {
        if (!file.isFile()) {
            throw SiteHttp.problem(404, "Not found", "the image is not (or no longer) stored");
        }
        rsp.setStatus(200);
        rsp.setContentType(FrameFileType.mediaTypeOf(file.getName()));
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        try (InputStream in = file.open(); OutputStream out = rsp.getOutputStream()) {
            in.transferTo(out);
        }
    }
}

package io.renderfarm.server.site.http;

import io.javalin.http.Context;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.sample.SampleMaker;
import io.renderfarm.engine.site.api.FrameList;
import io.renderfarm.engine.site.api.FrameView;
import io.renderfarm.engine.site.api.SampleList;
import io.renderfarm.engine.site.api.SampleView;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.verify.FrameFileType;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.server.site.base.ProblemException;
import io.renderfarm.server.site.db.EventLedger;
import io.renderfarm.server.site.jobs.JobManager;
import io.renderfarm.server.site.jobs.JobWorkspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's output: per-frame status, frame images (each as the media type of its real format), all frames as one
 * zip, and the samples (PNG images and the preview movie). A frame's bytes are checked against the SHA-256 recorded
 * when it was verified before they are sent: a frame changed on disk since (a damaged disk, anything that wrote
 * there) is never served, it is a 500 naming the frame.
 */
public final class OutputRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(OutputRoutes.class);
    private static final Pattern SAMPLE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,200}");
    private final JobManager jobs;
    private final EventLedger ledger;
    private final Path jobsRoot;

    /** @param jobsRoot the folder of the jobs' folders */
    public OutputRoutes(JobManager jobs, EventLedger ledger, Path jobsRoot) {
        this.jobs = jobs;
        this.ledger = ledger;
        this.jobsRoot = jobsRoot;
    }

    public void register(Routes routes) {
        routes.get("/api/jobs/{id}/frames", this::frames);
        routes.get("/api/jobs/{id}/frames.zip", this::zip);
        routes.get("/api/jobs/{id}/frames/{frame}", this::frame);
        routes.get("/api/jobs/{id}/samples", this::samples);
        routes.get("/api/jobs/{id}/samples/{name}", this::sample);
    }

    private String existingJob(Context ctx) throws Exception {
        String id = Http.jobId(ctx);
        jobs.view(id);
        return id;
    }

    private void frames(Context ctx) throws Exception {
        Http.json(ctx, 200, new FrameList(ledger.frames(existingJob(ctx))));
    }

    private void frame(Context ctx) throws Exception {
        String id = existingJob(ctx);
        int number;
        try {
            number = Integer.parseInt(ctx.pathParam("frame"));
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("'" + Http.abbreviate(ctx.pathParam("frame")) + "' is not a frame number");
        }
        FrameView frame = ledger.frames(id).stream()
                .filter(f -> f.frame() == number && f.done())
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("frame " + number + " of job " + id + " is not rendered"));
        Path file = new JobWorkspace(jobsRoot, id).out().resolve(frame.file());
        if (!Files.isRegularFile(file)) {
            throw ProblemException.notFound("frame " + number + " of job " + id + " is no longer stored");
        }
        // Hashed and sent from the same open file, so a frame replaced after the check is not what is sent.
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            if (!FrameVerifier.sha256(Channels.newInputStream(channel)).equals(frame.sha256())) {
                throw damaged(id, List.of(number));
            }
            channel.position(0);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        ctx.header("ETag", "\"" + frame.sha256() + "\"").header("Cache-Control", "private, max-age=3600");
        ctx.contentType(FrameFileType.mediaTypeOf(frame.file())).result(Channels.newInputStream(channel));
    }

    private static ProblemException damaged(String id, List<Integer> frames) {
        String which = frames.size() == 1 ? "frame " + frames.get(0) : "frames " + FrameSet.of(frames);
        LOG.error("job {}: {} no longer match(es) the SHA-256 recorded when verified; not served", id, which);
        return new ProblemException(
                500,
                "Frame damaged",
                which + " of job " + id + " no longer match(es) the SHA-256"
                        + " recorded when it was verified, so it is not served; the site's log says so too");
    }

    /** Streams the verified frames and a SHA256SUMS file; frames barely shrink, so it deflates at the fastest level. */
    private void zip(Context ctx) throws Exception {
        String id = existingJob(ctx);
        List<FrameView> done =
                ledger.frames(id).stream().filter(FrameView::done).toList();
        Path out = new JobWorkspace(jobsRoot, id).out();
        List<Integer> damaged = new ArrayList<>();
        for (FrameView f : done) {
            Path file = out.resolve(f.file());
            if (Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    if (!FrameVerifier.sha256(in).equals(f.sha256())) {
                        damaged.add(f.frame());
                    }
                }
            }
        }
        if (!damaged.isEmpty()) {
            throw damaged(id, damaged);
        }
        ctx.contentType("application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + id + "-frames.zip\"");
        OutputStream raw = ctx.res().getOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(raw)) {
            zip.setLevel(Deflater.BEST_SPEED);
            StringBuilder sums = new StringBuilder();
            for (FrameView f : done) {
                Path file = out.resolve(f.file());
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                zip.putNextEntry(new ZipEntry(f.file()));
                MessageDigest digest = FrameVerifier.newDigest();
                try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                    in.transferTo(zip);
                }
                if (!HexFormat.of().formatHex(digest.digest()).equals(f.sha256())) {
                    // changed since the check above: break the download rather than finish it with this frame
                    throw new IOException("frame " + f.frame() + " of job " + id + " changed while it was being sent");
                }
                zip.closeEntry();
                sums.append(f.sha256()).append("  ").append(f.file()).append('\n');
            }
            zip.putNextEntry(new ZipEntry("SHA256SUMS"));
            zip.write(sums.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }

    private void samples(Context ctx) throws Exception {
        String id = existingJob(ctx);
        Path dir = new JobWorkspace(jobsRoot, id).out().resolve(DirectoryFrameStore.SAMPLES_DIR);
        List<SampleView> samples = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString())
                        .filter(n -> SAMPLE_NAME.matcher(n).matches())
                        .sorted()
                        .forEach(n ->
                                samples.add(new SampleView(n, kind(n), SiteProtocol.jobPath(id) + "/samples/" + n)));
            }
        }
        Http.json(ctx, 200, new SampleList(samples));
    }

    private static String kind(String name) {
        return name.startsWith("preview_")
                ? "preview"
                : name.startsWith("thumb_")
                        ? "thumbnail"
                        : name.equals(SampleMaker.MOVIE_NAME) ? "movie" : "contact-sheet";
    }

    private void sample(Context ctx) throws Exception {
        String id = existingJob(ctx);
        String name = ctx.pathParam("name");
        if (!SAMPLE_NAME.matcher(name).matches()) {
            throw ProblemException.notFound(
                    "no sample '" + Http.abbreviate(name) + "' (a sample name is a plain file name)");
        }
        Path file = new JobWorkspace(jobsRoot, id)
                .out()
                .resolve(DirectoryFrameStore.SAMPLES_DIR)
                .resolve(name);
        if (!Files.isRegularFile(file)) {
            throw ProblemException.notFound("job " + id + " has no sample '" + name + "' (yet)");
        }
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(FrameFileType.mediaTypeOf(name)).result(Files.newInputStream(file));
    }
}

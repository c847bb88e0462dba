package io.renderfarm.server.site.http;

import io.javalin.http.Context;
import io.renderfarm.engine.site.api.ChunkList;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.server.site.base.ProblemException;
import io.renderfarm.server.site.db.EventLedger;
import io.renderfarm.server.site.jobs.JobManager;
import io.renderfarm.server.site.jobs.JobWorkspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A job's chunk attempts and their logs: the list from the database (every run), a log live from the running job
 * while its chunk renders here, else from the job's {@code out/.renderfarm/logs/} once it ended.
 */
public final class ChunkRoutes {
    private static final int MAX_CHUNK_DIGITS = 9;
    private final JobManager jobs;
    private final EventLedger ledger;
    private final Path jobsRoot;

    /** @param jobsRoot the folder of the jobs' folders */
    public ChunkRoutes(JobManager jobs, EventLedger ledger, Path jobsRoot) {
        this.jobs = jobs;
        this.ledger = ledger;
        this.jobsRoot = jobsRoot;
    }

    public void register(Routes routes) {
        routes.get("/api/jobs/{id}/chunks", this::chunks);
        routes.get("/api/jobs/{id}/chunks/{chunk}/log", this::log);
    }

    private void chunks(Context ctx) throws Exception {
        String id = Http.jobId(ctx);
        jobs.view(id);
        Http.json(ctx, 200, new ChunkList(ledger.chunks(id)));
    }

    private void log(Context ctx) throws Exception {
        String id = Http.jobId(ctx);
        jobs.view(id);
        String raw = ctx.pathParam("chunk");
        if (!raw.matches("[1-9][0-9]{0," + (MAX_CHUNK_DIGITS - 1) + "}")) {
            throw ProblemException.notFound("'" + Http.abbreviate(raw) + "' is not a chunk number");
        }
        int chunk = Integer.parseInt(raw);
        ctx.header("Cache-Control", "no-cache").contentType("text/plain; charset=utf-8");
        Optional<String> live = jobs.liveLog(id, chunk);
        if (live.isPresent()) {
            ctx.header("Renderfarm-Chunk-State", "running").result(live.get().getBytes(StandardCharsets.UTF_8));
            return;
        }
        String file = ledger.logFile(id, chunk)
                .orElseThrow(() -> ProblemException.notFound("job " + id + " has no log of chunk " + chunk
                        + " (yet: a delegated job's arrive when each attempt ends)"));
        Path logs = new JobWorkspace(jobsRoot, id)
                .out()
                .resolve(DirectoryFrameStore.META_DIR)
                .resolve(DirectoryFrameStore.LOGS_DIR);
        Path path = logs.resolve(file).normalize();
        if (!logs.equals(path.getParent()) || !Files.isRegularFile(path)) {
            throw ProblemException.notFound("the log of chunk " + chunk + " of job " + id + " is no longer kept");
        }
        ctx.result(Files.newInputStream(path));
    }
}

package io.renderfarm.server.site.http;

import io.javalin.http.Context;
import io.renderfarm.engine.site.bundle.BlobQuery;
import io.renderfarm.engine.site.bundle.BlobStatus;
import io.renderfarm.engine.site.bundle.MissingBlobs;
import io.renderfarm.server.site.base.ProblemException;
import io.renderfarm.server.site.jobs.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** {@code /api/blobs}: which contents the site lacks, and streamed, resumable, size-limited uploads. */
public final class BlobRoutes {
    private static final int MAX_QUERY = 100_000;
    private final BlobStore blobs;

    public BlobRoutes(BlobStore blobs) {
        this.blobs = blobs;
    }

    public void register(Routes routes) {
        routes.post("/api/blobs/missing", this::missing);
        routes.head("/api/blobs/{sha256}", this::head);
        routes.put("/api/blobs/{sha256}", this::upload);
    }

    private void missing(Context ctx) throws IOException {
        BlobQuery query = Http.body(ctx, BlobQuery.class);
        if (query == null || query.sha256() == null) {
            throw ProblemException.badRequest("send {\"sha256\": [...]} with the hashes to check");
        }
        if (query.sha256().size() > MAX_QUERY) {
            throw ProblemException.badRequest("ask about at most " + MAX_QUERY + " hashes at once");
        }
        List<BlobStatus> missing = new ArrayList<>();
        for (String sha : new LinkedHashSet<>(query.sha256())) {
            BlobStore.checkHash(sha);
            if (!blobs.has(sha)) {
                missing.add(new BlobStatus(sha, blobs.received(sha)));
            }
        }
        Http.json(ctx, 200, new MissingBlobs(missing));
    }

    private void head(Context ctx) throws IOException {
        String sha = ctx.pathParam("sha256");
        BlobStore.checkHash(sha);
        if (blobs.has(sha)) {
            ctx.status(200)
                    .header(
                            "Content-Length",
                            Long.toString(blobs.path(sha).toFile().length()));
        } else {
            ctx.status(404).header("Upload-Offset", Long.toString(blobs.received(sha)));
        }
    }

    private void upload(Context ctx) throws IOException {
        String sha = ctx.pathParam("sha256");
        String size = ctx.queryParam("size");
        if (size == null) {
            throw ProblemException.badRequest("query parameter 'size' (the content's total bytes) is required");
        }
        long total = Http.longQuery(ctx, "size", -1);
        long offset = Http.longQuery(ctx, "offset", 0);
        Http.json(ctx, 200, blobs.append(sha, total, offset, ctx.req().getInputStream()));
    }
}

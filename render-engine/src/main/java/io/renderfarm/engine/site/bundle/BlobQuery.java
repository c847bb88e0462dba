package io.renderfarm.engine.site.bundle;

import java.util.List;

/** Body of {@code POST /api/blobs/missing}: the hashes a client is about to need. */
public record BlobQuery(List<String> sha256) {}

package io.renderfarm.engine.site.bundle;

import java.util.List;

/** Answer to a {@link BlobQuery}: the hashes the site does not hold completely, in the order asked. */
public record MissingBlobs(List<BlobStatus> missing) {}

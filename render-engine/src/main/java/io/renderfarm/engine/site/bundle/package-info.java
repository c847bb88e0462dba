/**
 * A job's files sent content-addressed: the scene folder read as a {@code Bundle} (links leaving it refused), the blob records of the protocol, and the receiving side's {@code BlobFolder} (partial uploads, checksums, the job's files laid out).
 */
package io.renderfarm.engine.site.bundle;

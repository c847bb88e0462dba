/**
 * A job rendered on a remote site as if here: files sent, the remote job followed (events relayed, frames brought back and checked against the remote's checksums), cancel forwarded, re-attach after a restart; and the CLI's follower of a submitted job.
 */
package io.renderfarm.engine.site.delegation;

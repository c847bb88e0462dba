package io.renderfarm.engine.site.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.renderfarm.engine.site.protocol.SiteProtocol;

/**
 * One chunk attempt of a job on a site ({@code GET /api/jobs/{id}/chunks}).
 *
 * @param run        the run of the job it belongs to
 * @param chunk      its number within the job
 * @param attempt    1 for the first try of its frames, 2 for their first retry, …
 * @param pass       {@code preview} or {@code final}
 * @param frames     the frames it was given
 * @param slot       the slot that ran it
 * @param host       the slot's machine, once the attempt ended
 * @param state      {@code running}, {@code finished}, {@code failed} or {@code killed}
 * @param reason     why it failed or was killed
 * @param kind       whose fault a failure is: {@code scene}, {@code slot} or {@code unknown}
 * @param exitCode   the renderer's exit code, when it had a process of its own
 * @param startedAt  ISO-8601 instant
 * @param finishedAt ISO-8601 instant, null while running
 * @param log        the URL of its log on the site
 * @param logChars   the kept log's length, once it ended
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChunkView(
        int run,
        int chunk,
        int attempt,
        String pass,
        String frames,
        String slot,
        String host,
        String state,
        String reason,
        String kind,
        Integer exitCode,
        String startedAt,
        String finishedAt,
        String log,
        Long logChars) {
    /** The URL of a chunk's log on a site. */
    public static String logPath(String jobId, int chunk) {
        return SiteProtocol.jobPath(jobId) + "/chunks/" + chunk + "/log";
    }
}

package io.renderfarm.engine.site.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputNaming;
import java.util.Map;

/**
 * The job resource ({@code GET /api/jobs/{id}}).
 *
 * @param id         the site's id of the job
 * @param name       the label given on submit
 * @param state      QUEUED, RUNNING, AWAITING_APPROVAL, SUCCEEDED, FAILED or CANCELED
 * @param where      what the client asked for
 * @param decision   where the site renders it and why
 * @param remote     when delegated: the remote site, its job id and when its completion notice arrived
 * @param scene      the scene's path among the job's files
 * @param frames     the frame spec
 * @param total      frames in the job
 * @param done       frames rendered, verified and stored
 * @param failed     the frames a finished job lacks, as a frame spec: those that failed (FAILED), or those never
 *                   rendered (CANCELED); empty otherwise
 * @param renderer   blender or povray
 * @param reason     why it failed or was canceled; empty otherwise
 * @param createdAt  ISO-8601 instant
 * @param finishedAt ISO-8601 instant, null while not final
 * @param runs       how often the site started the job (more than 1 after a restart resumed it)
 * @param profile    the profile's JSON form
 * @param output     the frame naming
 * @param links      paths on the site: self, events, frames, zip, samples, cancel
 * @param problem    why the site stopped running this unfinished job for now (it resumes when the site restarts);
 *                   null while nothing is wrong
 * @param priority   0..100, higher first when jobs wait for the site's slots; null from a site that has none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
        String id,
        String name,
        JobState state,
        Where where,
        Decision decision,
        RemoteJob remote,
        String scene,
        String frames,
        int total,
        int done,
        String failed,
        String renderer,
        String reason,
        String createdAt,
        String finishedAt,
        int runs,
        JsonNode profile,
        OutputNaming output,
        Map<String, String> links,
        String problem,
        Integer priority) {
    /** A view without a priority (a host that does not order its jobs by one). */
    public JobView(
            String id,
            String name,
            JobState state,
            Where where,
            Decision decision,
            RemoteJob remote,
            String scene,
            String frames,
            int total,
            int done,
            String failed,
            String renderer,
            String reason,
            String createdAt,
            String finishedAt,
            int runs,
            JsonNode profile,
            OutputNaming output,
            Map<String, String> links,
            String problem) {
        this(
                id,
                name,
                state,
                where,
                decision,
                remote,
                scene,
                frames,
                total,
                done,
                failed,
                renderer,
                reason,
                createdAt,
                finishedAt,
                runs,
                profile,
                output,
                links,
                problem,
                null);
    }

    /** The same view with {@code problem} set. */
    public JobView withProblem(String why) {
        return new JobView(
                id,
                name,
                state,
                where,
                decision,
                remote,
                scene,
                frames,
                total,
                done,
                failed,
                renderer,
                reason,
                createdAt,
                finishedAt,
                runs,
                profile,
                output,
                links,
                why,
                priority);
    }
}

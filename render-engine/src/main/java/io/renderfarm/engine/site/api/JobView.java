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
    /** The same view with {@code problem} set. */
    public JobView withProblem(String why) {
        return toBuilder().problem(why).build();
    }

    /**
     * A builder whose callers name the fields they set: {@code failed} and {@code reason} start empty, {@code links}
     * with none, the rest null or 0.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this view's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.name = name;
        b.state = state;
        b.where = where;
        b.decision = decision;
        b.remote = remote;
        b.scene = scene;
        b.frames = frames;
        b.total = total;
        b.done = done;
        b.failed = failed;
        b.renderer = renderer;
        b.reason = reason;
        b.createdAt = createdAt;
        b.finishedAt = finishedAt;
        b.runs = runs;
        b.profile = profile;
        b.output = output;
        b.links = links;
        b.problem = problem;
        b.priority = priority;
        return b;
    }

    /** Collects a view's fields by name. */
    public static final class Builder {
        private String id;
        private String name;
        private JobState state;
        private Where where;
        private Decision decision;
        private RemoteJob remote;
        private String scene;
        private String frames;
        private int total;
        private int done;
        private String failed = "";
        private String renderer;
        private String reason = "";
        private String createdAt;
        private String finishedAt;
        private int runs;
        private JsonNode profile;
        private OutputNaming output;
        private Map<String, String> links = Map.of();
        private String problem;
        private Integer priority;

        private Builder() {}

        public Builder id(String value) {
            id = value;
            return this;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder state(JobState value) {
            state = value;
            return this;
        }

        public Builder where(Where value) {
            where = value;
            return this;
        }

        public Builder decision(Decision value) {
            decision = value;
            return this;
        }

        public Builder remote(RemoteJob value) {
            remote = value;
            return this;
        }

        public Builder scene(String value) {
            scene = value;
            return this;
        }

        public Builder frames(String value) {
            frames = value;
            return this;
        }

        public Builder total(int value) {
            total = value;
            return this;
        }

        public Builder done(int value) {
            done = value;
            return this;
        }

        public Builder failed(String value) {
            failed = value;
            return this;
        }

        public Builder renderer(String value) {
            renderer = value;
            return this;
        }

        public Builder reason(String value) {
            reason = value;
            return this;
        }

        public Builder createdAt(String value) {
            createdAt = value;
            return this;
        }

        public Builder finishedAt(String value) {
            finishedAt = value;
            return this;
        }

        public Builder runs(int value) {
            runs = value;
            return this;
        }

        public Builder profile(JsonNode value) {
            profile = value;
            return this;
        }

        public Builder output(OutputNaming value) {
            output = value;
            return this;
        }

        public Builder links(Map<String, String> value) {
            links = value;
            return this;
        }

        public Builder problem(String value) {
            problem = value;
            return this;
        }

        public Builder priority(Integer value) {
            priority = value;
            return this;
        }

        public JobView build() {
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
                    problem,
                    priority);
        }
    }
}

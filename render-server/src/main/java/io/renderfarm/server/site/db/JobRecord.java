package io.renderfarm.server.site.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.sample.SampleMaker;
import io.renderfarm.engine.site.api.Decision;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.RemoteJob;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the {@code jobs} table (with its delegation, when it went to a remote site), and its protocol view.
 * Made with {@link #builder()}, which starts as a new job: QUEUED, nothing done, failed or run, no reason.
 */
public record JobRecord(
        String id,
        String name,
        String scene,
        String frames,
        int total,
        int done,
        String failed,
        String renderer,
        String profileJson,
        String outputJson,
        Where where,
        Decision decision,
        RemoteJob remote,
        String callbackUrl,
        JobState state,
        String reason,
        String cancelRequested,
        int runs,
        long createdAt,
        Long finishedAt,
        int priority) {

    public JobView toView() {
        String self = SiteProtocol.jobPath(id);
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", self);
        links.put("events", self + "/events");
        links.put("frames", self + "/frames");
        links.put("zip", self + "/frames.zip");
        links.put("samples", self + "/samples");
        links.put("chunks", self + "/chunks");
        links.put("cancel", self + "/cancel");
        links.put("priority", self + "/priority");
        links.put("contactSheet", self + "/samples/" + SampleMaker.CONTACT_SHEET_NAME);
        links.put("movie", self + "/samples/" + SampleMaker.MOVIE_NAME);
        links.put("page", "/job.html?id=" + id);
        return JobView.builder()
                .id(id)
                .name(name)
                .state(state)
                .where(where)
                .decision(decision)
                .remote(remote)
                .scene(scene)
                .frames(frames)
                .total(total)
                .done(done)
                .failed(failed)
                .renderer(renderer)
                .reason(reason)
                .createdAt(Instant.ofEpochMilli(createdAt).toString())
                .finishedAt(
                        finishedAt == null
                                ? null
                                : Instant.ofEpochMilli(finishedAt).toString())
                .runs(runs)
                .profile(profile())
                .output(output())
                .links(links)
                .priority(priority)
                .build();
    }

    public JsonNode profile() {
        try {
            return SiteJson.lenient().readTree(profileJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored profile of job " + id + " is not JSON", e);
        }
    }

    public OutputNaming output() {
        try {
            return SiteJson.lenient().readValue(outputJson, OutputNaming.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored output naming of job " + id + " is not JSON", e);
        }
    }

    /** A builder for a row, its fields named; it starts as a job just submitted (see the type's doc). */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects a row's fields by name. */
    public static final class Builder {
        private String id;
        private String name;
        private String scene;
        private String frames;
        private int total;
        private int done;
        private String failed = "";
        private String renderer;
        private String profileJson;
        private String outputJson;
        private Where where;
        private Decision decision;
        private RemoteJob remote;
        private String callbackUrl;
        private JobState state = JobState.QUEUED;
        private String reason = "";
        private String cancelRequested;
        private int runs;
        private long createdAt;
        private Long finishedAt;
        private int priority;

        private Builder() {}

        public Builder id(String value) {
            id = value;
            return this;
        }

        public Builder name(String value) {
            name = value;
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

        public Builder profileJson(String value) {
            profileJson = value;
            return this;
        }

        public Builder outputJson(String value) {
            outputJson = value;
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

        public Builder callbackUrl(String value) {
            callbackUrl = value;
            return this;
        }

        public Builder state(JobState value) {
            state = value;
            return this;
        }

        public Builder reason(String value) {
            reason = value;
            return this;
        }

        public Builder cancelRequested(String value) {
            cancelRequested = value;
            return this;
        }

        public Builder runs(int value) {
            runs = value;
            return this;
        }

        public Builder createdAt(long value) {
            createdAt = value;
            return this;
        }

        public Builder finishedAt(Long value) {
            finishedAt = value;
            return this;
        }

        public Builder priority(int value) {
            priority = value;
            return this;
        }

        public JobRecord build() {
            return new JobRecord(
                    id,
                    name,
                    scene,
                    frames,
                    total,
                    done,
                    failed,
                    renderer,
                    profileJson,
                    outputJson,
                    where,
                    decision,
                    remote,
                    callbackUrl,
                    state,
                    reason,
                    cancelRequested,
                    runs,
                    createdAt,
                    finishedAt,
                    priority);
        }
    }
}

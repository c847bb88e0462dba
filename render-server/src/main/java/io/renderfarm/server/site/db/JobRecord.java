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

/** One row of the {@code jobs} table (with its delegation, when it went to a remote site), and its protocol view. */
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
                Instant.ofEpochMilli(createdAt).toString(),
                finishedAt == null ? null : Instant.ofEpochMilli(finishedAt).toString(),
                runs,
                profile(),
                output(),
                links,
                null,
                priority);
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
}

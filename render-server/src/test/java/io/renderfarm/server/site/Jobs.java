package io.renderfarm.server.site;

import com.fasterxml.jackson.databind.JsonNode;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.bundle.Bundle;
import io.renderfarm.engine.site.client.BundleUpload;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Test helpers that act on a site through the protocol client, as another program would. */
final class Jobs {
    private Jobs() {}

    /** A Blender profile with 1-frame chunks and a short preview pass. */
    static JsonNode blenderProfile(int previewFrames) throws IOException {
        return SiteJson.lenient()
                .readTree("{\"renderer\":\"blender\",\"chunkSize\":1,\"retries\":1,\"preview\":"
                        + "{\"enabled\":" + (previewFrames > 0) + ",\"frames\":" + previewFrames
                        + ",\"resolutionPercent\":50,\"samples\":2}}");
    }

    static JobView submit(SiteClient client, Path scene, String frames, JsonNode profile) throws IOException {
        return submit(client, scene, frames, profile, Where.LOCAL);
    }

    static JobView submit(SiteClient client, Path scene, String frames, JsonNode profile, Where where)
            throws IOException {
        return client.submit(request(client, scene, frames, profile, where));
    }

    /** Uploads the scene's folder and returns the request that submits it. */
    static SubmitRequest request(SiteClient client, Path scene, String frames, JsonNode profile, Where where)
            throws IOException {
        Bundle bundle = Bundle.of(scene, List.of(), List.of());
        BundleUpload.send(client, bundle);
        return new SubmitRequest(null, bundle.scene(), bundle.entries(), frames, profile, null, where);
    }

    /** A Blender profile with 1-frame chunks, no preview, and where=auto going remote as soon as the site is busy. */
    static JsonNode eagerRemoteProfile() throws IOException {
        return SiteJson.lenient()
                .readTree("{\"renderer\":\"blender\",\"chunkSize\":1,\"retries\":1,"
                        + "\"remoteWaitSeconds\":0,\"preview\":{\"enabled\":false}}");
    }

    /** Every event of the job from its first to job-finished, read from the event stream. */
    static List<JobEvent> events(SiteClient client, String id, Duration timeout) throws Exception {
        List<JobEvent> events = new ArrayList<>();
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                client.events(id, 0, e -> events.add(e.event()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return events;
    }

    static <E extends JobEvent> List<E> ofType(List<JobEvent> events, Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}

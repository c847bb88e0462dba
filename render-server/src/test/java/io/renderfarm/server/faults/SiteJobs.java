package io.renderfarm.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.site.api.FrameView;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.bundle.Bundle;
import io.renderfarm.engine.site.client.BundleUpload;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.verify.FrameVerifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Submitting to a site and watching a job's event stream, as another program would, for the fault tests. */
final class SiteJobs {
    private SiteJobs() {}

    static JsonNode profile(String json) throws IOException {
        return SiteJson.lenient().readTree(json);
    }

    static JobView submit(SiteClient client, Path scene, String frames, JsonNode profile) throws IOException {
        Bundle bundle = Bundle.of(scene, List.of(), List.of());
        BundleUpload.send(client, bundle);
        return client.submit(
                new SubmitRequest(null, bundle.scene(), bundle.entries(), frames, profile, null, Where.LOCAL));
    }

    /** Every event of a job from the start, live ones ({@code progress}) included, read on a daemon thread. */
    static final class Watch {
        final List<JobEvent> events = new CopyOnWriteArrayList<>();
        private volatile Throwable error;

        Watch(SiteClient client, String id) {
            Thread t = new Thread(
                    () -> {
                        try {
                            client.events(id, 0, e -> {
                                events.add(e.event());
                                return true;
                            });
                        } catch (IOException | RuntimeException e) {
                            error = e;
                        }
                    },
                    "watch-" + id);
            t.setDaemon(true);
            t.start();
        }

        boolean saw(String type) {
            return events.stream().anyMatch(e -> e.type().equals(type));
        }

        <E extends JobEvent> List<E> of(Class<E> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        Throwable error() {
            return error;
        }
    }

    /**
     * The promise of every fault test, from the job's stored events: no frame is stored twice, and no frame is
     * given to a renderer again (a final-pass chunk) after it was verified.
     */
    static void assertNoVerifiedFrameRenderedAgain(List<JobEvent> events) {
        Map<Integer, Integer> verifiedAt = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            JobEvent e = events.get(i);
            if (e instanceof JobEvent.FrameDone f && !f.skipped()) {
                assertThat(verifiedAt.put(f.frame(), i))
                        .as("frame %d stored twice", f.frame())
                        .isNull();
            }
            if (e instanceof JobEvent.ChunkStarted c && "final".equals(c.pass())) {
                for (int frame : FrameSet.parse(c.frames())) {
                    assertThat(verifiedAt)
                            .as("frame %d rendered again after it was verified", frame)
                            .doesNotContainKey(frame);
                }
            }
        }
    }

    /** Downloads every done frame of the job and checks it decodes and matches the SHA-256 the site stored. */
    static void assertDoneFramesIntact(SiteClient client, String id, Path dir) throws Exception {
        for (FrameView f : client.frames(id).frames()) {
            if (!f.done()) {
                continue;
            }
            Path copy = dir.resolve("check-" + f.file());
            client.download(f.url(), copy);
            assertThat(new FrameVerifier().verify(copy).sha256())
                    .as("frame %d", f.frame())
                    .isEqualTo(f.sha256());
        }
    }
}

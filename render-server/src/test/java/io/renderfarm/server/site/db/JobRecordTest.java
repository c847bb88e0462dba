package io.renderfarm.server.site.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.site.api.Decision;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.protocol.SiteJson;
import org.junit.jupiter.api.Test;

class JobRecordTest {
    @Test
    void shouldStartAsAJobJustSubmitted() throws Exception {
        JobRecord record = JobRecord.builder()
                .id("20250101-120000-abc")
                .name("shot")
                .scene("shot.pov")
                .frames("1-4")
                .total(4)
                .renderer("povray")
                .profileJson("{\"renderer\":\"povray\"}")
                .outputJson(SiteJson.lenient().writeValueAsString(OutputNaming.withPrefix("shot_")))
                .where(Where.LOCAL)
                .decision(new Decision(Where.LOCAL, "asked", null))
                .createdAt(0L)
                .priority(50)
                .build();

        assertThat(record.state()).isEqualTo(JobState.QUEUED);
        assertThat(record.done()).isZero();
        assertThat(record.runs()).isZero();
        assertThat(record.failed()).isEmpty();
        assertThat(record.reason()).isEmpty();
        assertThat(record.remote()).isNull();
        assertThat(record.callbackUrl()).isNull();
        assertThat(record.cancelRequested()).isNull();
        assertThat(record.finishedAt()).isNull();
        JobView view = record.toView();
        assertThat(view.createdAt()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(view.finishedAt()).isNull();
        assertThat(view.priority()).isEqualTo(50);
        assertThat(view.output()).isEqualTo(OutputNaming.withPrefix("shot_"));
        assertThat(view.links()).containsEntry("self", "/api/jobs/20250101-120000-abc");
    }
}

package io.renderfarm.engine.site.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.protocol.SiteJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobViewTest {
    private static JobView.Builder shot() {
        return JobView.builder()
                .id("j1")
                .name("shot")
                .state(JobState.RUNNING)
                .where(Where.AUTO)
                .decision(new Decision(Where.LOCAL, "2 local slot(s) idle", null))
                .scene("shot.pov")
                .frames("1-30")
                .total(30)
                .done(3)
                .renderer("povray")
                .createdAt("2026-12-01T10:00:00Z")
                .runs(1)
                .links(Map.of("self", "/api/jobs/j1"));
    }

    @Test
    void shouldWriteTheSameJsonAsTheCanonicalConstructorLeavingUnsetFieldsOut() throws Exception {
        JobView built = shot().build();
        JobView constructed = new JobView(
                "j1",
                "shot",
                JobState.RUNNING,
                Where.AUTO,
                new Decision(Where.LOCAL, "2 local slot(s) idle", null),
                null,
                "shot.pov",
                "1-30",
                30,
                3,
                "",
                "povray",
                "",
                "2026-12-01T10:00:00Z",
                null,
                1,
                null,
                null,
                Map.of("self", "/api/jobs/j1"),
                null,
                null);

        String json = SiteJson.lenient().writeValueAsString(built);

        assertThat(built).isEqualTo(constructed);
        assertThat(json)
                .isEqualTo(SiteJson.lenient().writeValueAsString(constructed))
                .doesNotContain("\"priority\"", "\"problem\"", "\"remote\"", "\"finishedAt\"");
        assertThat(SiteJson.lenient().readValue(json, JobView.class)).isEqualTo(built);
    }

    @Test
    void shouldChangeOnlyTheProblemOfAView() {
        JobView view = shot().priority(70).build();

        JobView stalled = view.withProblem("the data folder is full");

        assertThat(stalled.problem()).isEqualTo("the data folder is full");
        assertThat(stalled.toBuilder().problem(null).build()).isEqualTo(view);
    }
}

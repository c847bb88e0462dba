package io.renderfarm.engine.site.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTypeTest {
    @Test
    void shouldNameEveryTypeByItsOwnStableUri() {
        List<String> uris =
                Arrays.stream(ProblemType.values()).map(ProblemType::uri).toList();

        assertThat(uris).doesNotHaveDuplicates().allMatch(u -> u.matches("urn:renderfarm:problem:[a-z-]+"));
        assertThat(ProblemType.REMOTE_REFUSED.uri()).isEqualTo("urn:renderfarm:problem:remote-refused");
    }

    @Test
    void shouldReadTheTypeOfAProblemByItsUriNotItsTitle() {
        Problem renamed = new Problem(ProblemType.REMOTE_REFUSED.uri(), "Kein Remote-Rendern", 422, "all down");

        assertThat(ProblemType.of(renamed, 422)).isEqualTo(ProblemType.REMOTE_REFUSED);
        assertThat(new SiteException(422, renamed, "x").type()).isEqualTo(ProblemType.REMOTE_REFUSED);
    }

    @Test
    void shouldFallBackToTitleAndStatusForAnOlderSitesProblem() {
        Problem oldStandalone = new Problem("urn:renderfarm:problem:422", "Cannot render remotely", 422, "down");
        Problem oldPlugin = new Problem("about:blank", "Files missing", 409, "2 missing", List.of());
        Problem oldNotFound = new Problem("about:blank", "Not found", 404, "no job");

        assertThat(ProblemType.of(oldStandalone, 422)).isEqualTo(ProblemType.REMOTE_REFUSED);
        assertThat(ProblemType.of(oldPlugin, 409)).isEqualTo(ProblemType.FILES_MISSING);
        assertThat(ProblemType.of(oldNotFound, 404)).isEqualTo(ProblemType.NOT_FOUND);
    }

    @Test
    void shouldFallBackToTheStatusForATypeFromANewerSite() {
        Problem newer = new Problem("urn:renderfarm:problem:quota-exceeded", "Quota", 403, "over quota");

        assertThat(ProblemType.of(newer, 403)).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(ProblemType.of(null, 503)).isEqualTo(ProblemType.UNAVAILABLE);
        assertThat(ProblemType.of(null, 0)).isEqualTo(ProblemType.INTERNAL);
    }

    @Test
    void shouldGiveABareStatusItsGeneralTypeOnly() {
        assertThat(ProblemType.forStatus(409)).isEqualTo(ProblemType.CONFLICT);
        assertThat(ProblemType.forStatus(422)).isEqualTo(ProblemType.REFUSED);
        assertThat(ProblemType.forStatus(410)).isEqualTo(ProblemType.REFUSED);
        assertThat(ProblemType.forStatus(502)).isEqualTo(ProblemType.INTERNAL);
    }

    @Test
    void shouldMakeRefusalsWithTheTypeStatusAndUsualTitle() {
        SiteException e = ProblemType.TOO_LARGE.refusal("over 16 MiB");
        SiteException bare = SiteException.refusal(422, "Odd", "odd");

        assertThat(e.status()).isEqualTo(413);
        assertThat(e.problem())
                .isEqualTo(new Problem("urn:renderfarm:problem:too-large", "Too large", 413, "over 16 MiB"));
        assertThat(bare.problem().type()).isEqualTo(ProblemType.REFUSED.uri());
        assertThat(bare.problem().status()).isEqualTo(422);
    }
}

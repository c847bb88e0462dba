package io.renderfarm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.site.protocol.Problem;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteException;
import org.junit.jupiter.api.Test;

/** {@code submit}'s exit code follows the problem's type, whatever its title says. */
class SubmitExitCodeTest {
    @Test
    void shouldExitOneWhenNoRemoteSiteCanTakeTheJobWhateverTheTitle() {
        Problem p = new Problem(ProblemType.REMOTE_REFUSED.uri(), "Remote sites are all down", 422, "down");

        assertThat(SubmitCommand.exitCode(new SiteException(422, p, "down"))).isEqualTo(1);
    }

    @Test
    void shouldExitTwoForBadInput() {
        assertThat(SubmitCommand.exitCode(ProblemType.BAD_SCENE.refusal("parse error")))
                .isEqualTo(RenderFarmCli.EXIT_USAGE);
        assertThat(SubmitCommand.exitCode(ProblemType.BAD_REQUEST.refusal("bad frames")))
                .isEqualTo(RenderFarmCli.EXIT_USAGE);
    }

    @Test
    void shouldExitOneWhenTheSiteFailed() {
        assertThat(SubmitCommand.exitCode(ProblemType.INTERNAL.refusal("boom"))).isEqualTo(1);
        assertThat(SubmitCommand.exitCode(new SiteException(0, null, "unreachable")))
                .isEqualTo(1);
    }
}

package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.agent;
import static io.jenkins.plugins.renderfarm.StandInRenderer.standIn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import hudson.model.Label;
import hudson.model.labels.LabelAtom;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.renderfarm.agents.CapabilityCache;
import java.io.File;
import java.nio.file.Path;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** An agent is probed when it connects and carries labels for its render packages and hardware. */
@WithJenkins
class CapabilityLabelsITest {
    @TempDir
    Path tmp;

    @Test
    void shouldLabelAnAgentFromTheProbe(JenkinsRule r) throws Exception {
        DumbSlave a = agent(r, "render-a", standIn(tmp, "povray", 0, 0).program());

        assertThat(a.getAssignedLabels(), hasItems(LabelAtom.get("povray"), LabelAtom.get("povray-3.7"),
                LabelAtom.get("povray-3.7.0"), LabelAtom.get("povray-3.7.0.10"),
                LabelAtom.get("cores-" + Runtime.getRuntime().availableProcessors())));
        assertThat(a.getAssignedLabels().stream().map(LabelAtom::getName).toList(),
                hasItem(org.hamcrest.Matchers.matchesPattern("ram-\\d+g")));
        Label byVersion = r.jenkins.getLabel("povray-3.7 && cores-" + Runtime.getRuntime().availableProcessors());
        assertThat(byVersion.getNodes(), hasItem(a));

        // The resource database survives a restart: it is kept in JENKINS_HOME.
        assertThat(new File(Jenkins.get().getRootDir(), CapabilityCache.class.getName() + ".xml").isFile(),
                org.hamcrest.Matchers.is(true));
        String page = r.createWebClient().goTo("manage/render-servers/").asNormalizedText();
        assertThat(page, containsString("render-a"));
        assertThat(page, containsString("povray 3.7.0.10"));
    }
}

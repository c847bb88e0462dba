package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.agent;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.await;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.configure;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.pipeline;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.profile;
import static io.jenkins.plugins.renderfarm.StandInRenderer.standIn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Computer;
import hudson.model.Item;
import hudson.model.Node;
import hudson.model.Queue;
import hudson.model.User;
import hudson.security.ACL;
import io.jenkins.plugins.renderfarm.StandInRenderer.StandIn;
import io.jenkins.plugins.renderfarm.farm.ChunkTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jenkins.model.Jenkins;
import jenkins.security.QueueItemAuthenticatorConfiguration;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.MockQueueItemAuthenticator;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Chunks run as their build, as {@code node} blocks do: with a queue item authenticator giving the job's builds a
 * user (what Authorize Project does), a chunk queue item is that user's, no chunk goes to an agent the user may
 * not build on, and the chunk belongs to the build in the queue and on the executor.
 */
@WithJenkins
class ChunkIdentityITest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @TempDir
    Path tmp;

    @Test
    void shouldRenderOnlyOnAgentsTheBuildsUserMayBuildOn(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(1);
        StandIn allowed = standIn(tmp, "allowed", 0, 1); // holds every frame at its gate until the test opens it
        StandIn forbidden = standIn(tmp, "forbidden", 0, 0);
        agent(r, "render-a", allowed.program());
        agent(r, "render-b", forbidden.program());
        configure(profile("pov", false));
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(pipeline("1-3"), true));
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new NoBuildOn("render-b")
                .grant(Jenkins.READ, Item.READ, Item.BUILD, Item.CANCEL, Computer.BUILD).everywhere().to("alice"));
        QueueItemAuthenticatorConfiguration.get().getAuthenticators()
                .add(new MockQueueItemAuthenticator().authenticate("p", User.getById("alice", true).impersonate2()));

        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        await("a chunk rendering on render-a", 120, () -> !allowed.invocations().isEmpty());

        Queue.Executable chunk = r.jenkins.getComputer("render-a").getExecutors().get(0).getCurrentExecutable();
        assertThat(chunk.getParent().getOwnerTask(), is(sameInstance((Queue.Task) p)));
        assertThat(chunk.getParent().getOwnerExecutable(), is(sameInstance((Queue.Executable) b)));
        List<Queue.LeftItem> chunkItems = Queue.getInstance().getLeftItems().stream()
                .filter(li -> li.task instanceof ChunkTask).toList();
        assertThat(chunkItems.isEmpty(), is(false));
        for (Queue.LeftItem item : chunkItems) {
            assertThat(item.authenticate2().getName(), is("alice"));
        }
        Files.createFile(allowed.gate());

        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        assertThat(forbidden.invocations(), is(empty()));
        assertThat(allowed.invocations(), hasSize(3));
        r.assertLogContains("agent render-b is not used: alice, whom this build runs as, may not build there", b);
    }

    /** Grants as configured, except Agent/Build on one agent, which nobody has. */
    private static final class NoBuildOn extends MockAuthorizationStrategy {
        private final String node;

        NoBuildOn(String node) {
            this.node = node;
        }

        @NonNull
        @Override
        public ACL getACL(@NonNull Node n) {
            ACL root = getRootACL();
            return !n.getNodeName().equals(node) ? root
                    : ACL.lambda2((a, permission) -> permission != Computer.BUILD && root.hasPermission2(a, permission));
        }
    }
}

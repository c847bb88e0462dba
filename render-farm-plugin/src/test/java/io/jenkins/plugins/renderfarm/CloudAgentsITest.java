package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.apiToken;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.configure;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.pipeline;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.profile;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.siteJob;
import static io.jenkins.plugins.renderfarm.StandInRenderer.standIn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.Label;
import hudson.model.LoadStatistics;
import hudson.model.Node;
import hudson.model.Result;
import hudson.slaves.Cloud;
import hudson.slaves.DumbSlave;
import hudson.slaves.NodeProvisioner;
import hudson.slaves.RetentionStrategy;
import io.jenkins.plugins.renderfarm.agents.RenderToolsProperty;
import io.jenkins.plugins.renderfarm.agents.RendererLocation;
import io.jenkins.plugins.renderfarm.config.RenderProfile;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.site.api.OfferView;
import io.renderfarm.engine.site.placement.RemoteOffer;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.testing.TestScenes;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import jenkins.model.Jenkins;
import jenkins.util.VirtualFile;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A profile whose label only a cloud serves: the render waits for the agents the cloud starts for its queued
 * chunks, renders on them and archives every frame; with cloud requests off it fails at once saying why. As a site,
 * the controller offers such a label's cloud to another controller for the profiles the cloud's template can serve.
 */
@WithJenkins
class CloudAgentsITest {
    private static int clock;
    private static int initialDelay;
    private static int recurrencePeriod;

    @TempDir
    Path tmp;

    /**
     * The node provisioner looks every 10 s and smooths the queue's demand over minutes; core's own provisioning
     * tests shorten both the same way. Read when Jenkins starts, which is after this.
     */
    @BeforeAll
    static void provisionWithinMilliseconds() {
        clock = LoadStatistics.CLOCK;
        initialDelay = NodeProvisioner.NodeProvisionerInvoker.INITIALDELAY;
        recurrencePeriod = NodeProvisioner.NodeProvisionerInvoker.RECURRENCEPERIOD;
        LoadStatistics.CLOCK = 10;
        NodeProvisioner.NodeProvisionerInvoker.INITIALDELAY = 100;
        NodeProvisioner.NodeProvisionerInvoker.RECURRENCEPERIOD = 10;
    }

    @AfterAll
    static void restoreProvisioning() {
        LoadStatistics.CLOCK = clock;
        NodeProvisioner.NodeProvisionerInvoker.INITIALDELAY = initialDelay;
        NodeProvisioner.NodeProvisionerInvoker.RECURRENCEPERIOD = recurrencePeriod;
    }

    private Path povray() throws Exception {
        return TestScenes.hasPovray() ? null : standIn(tmp, "cloud", 0, 0).program();
    }

    @Test
    void shouldRenderOnAgentsACloudStartsWhenTheLabelHasNoOtherAgents(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(1);
        RenderCloud cloud = new RenderCloud("render-cloud", "povray", r, povray());
        r.jenkins.clouds.add(cloud);
        configure(profile("pov", false));
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(pipeline("1-4"), true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        VirtualFile root = b.getArtifactManager().root();
        for (int f = 1; f <= 4; f++) {
            assertThat("frame " + f, root.child(String.format("renders/frame_%04d.png", f)).isFile(), is(true));
        }
        assertThat(cloud.started.get(), greaterThanOrEqualTo(1));
        r.assertLogContains("on cloud#", b);
    }

    @Test
    void shouldBookAFailureAgainstTheCloudAgentThatFailedAndKeepChunksOffIt(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(1);
        RenderCloud cloud = new RenderCloud("render-cloud", "povray", r, standIn(tmp, "cloud", 0, 0).program());
        cloud.firstAgentProgram = failingPovray();
        r.jenkins.clouds.add(cloud);
        RenderProfile pov = profile("pov", false);
        pov.setRetries(4);
        pov.setCloudRequests(1); // one agent at a time: the first one surely takes the first chunk
        configure(pov);
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(pipeline("1-3"), true));

        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        RenderFarmFixtures.await("cloud-agent-1 blocklisted", 180,
                () -> JenkinsRule.getLog(b).contains("cloud-agent-1 blocklisted for this job"));
        // An idle agent counts as the label's capacity until its cloud reclaims it, as clouds do with idle agents.
        r.jenkins.removeNode(r.jenkins.getNode("cloud-agent-1"));

        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        r.assertLogContains("failed on cloud-agent-1: ", b);
        r.assertLogNotContains("cloud#0 blocklisted", b);
        String log = JenkinsRule.getLog(b);
        assertThat("no chunk on cloud-agent-1 once it was blocklisted",
                log.substring(log.indexOf("cloud-agent-1 blocklisted")).contains("failed on cloud-agent-1"), is(false));
        assertThat(cloud.started.get(), greaterThanOrEqualTo(2));
    }

    /** A POV-Ray that answers the probe but fails every render. */
    private Path failingPovray() throws Exception {
        Path script = tmp.resolve("broken-povray.sh");
        java.nio.file.Files.writeString(script, String.join("\n",
                "#!/bin/sh",
                "if [ \"$1\" = \"--version\" ]; then echo 'POV-Ray 3.7.0.10.unofficial'; exit 0; fi",
                "echo 'Fatal error in parser: broken installation' >&2",
                "exit 3", ""), java.nio.charset.StandardCharsets.UTF_8);
        java.nio.file.Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void shouldFailAtOnceSayingSoWhenTheProfileNeverAsksACloud(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(1);
        RenderCloud cloud = new RenderCloud("render-cloud", "povray", r, povray());
        r.jenkins.clouds.add(cloud);
        RenderProfile noClouds = profile("pov", false);
        noClouds.setCloudRequests(0);
        configure(noClouds);
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(pipeline("1-4"), true));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("no render slot is configured", b);
        assertThat(cloud.started.get(), is(0));
    }

    @Test
    void shouldOfferAnotherControllerTheAgentsItsCloudCanProvision(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(0);
        r.jenkins.clouds.add(new RenderCloud("render-cloud", "povray", r, povray()));
        configure(profile("pov", false));
        siteJob(r, "delegated", "pov");
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD).everywhere().to("studio-b"));
        SiteClient studioB = SiteClient.basic(URI.create(r.getURL() + "render-site"), "studio-b", apiToken("studio-b"));

        OfferView povray = studioB.offer(JobProfile.defaults("povray"));
        OfferView blender = studioB.offer(JobProfile.defaults("blender"));

        assertThat("no agent yet, but the cloud provisions the label", povray, is(new OfferView(0, 0, true)));
        assertThat("the cloud's template has no blender label", blender, is(new OfferView(0, 0, false)));
        assertThat(RemoteOffer.ask("http://render-b", studioB, JobProfile.defaults("povray")).canRender(), is(true));
    }

    /** Starts one-executor agents with the given labels, as a Kubernetes or EC2 template would. */
    static final class RenderCloud extends Cloud {
        private final String labels;
        private final transient JenkinsRule rule;
        private final transient Path program;
        /** The first agent's renderer, when it differs from the others' (a machine that fails). */
        transient Path firstAgentProgram;
        final transient AtomicInteger started = new AtomicInteger();

        RenderCloud(String name, String labels, JenkinsRule rule, Path program) {
            super(name);
            this.labels = labels;
            this.rule = rule;
            this.program = program;
        }

        @Override
        public boolean canProvision(CloudState state) {
            Label label = state.getLabel();
            return label != null && label.matches(Label.parse(labels));
        }

        @Override
        public Collection<NodeProvisioner.PlannedNode> provision(CloudState state, int excessWorkload) {
            List<NodeProvisioner.PlannedNode> planned = new ArrayList<>();
            for (int i = 0; i < excessWorkload; i++) {
                int number = started.incrementAndGet();
                String name = "cloud-agent-" + number;
                Path renderer = number == 1 && firstAgentProgram != null ? firstAgentProgram : program;
                planned.add(new NodeProvisioner.PlannedNode(name, CompletableFuture.supplyAsync(() -> agent(name, renderer)), 1));
            }
            return planned;
        }

        private Node agent(String name, Path renderer) {
            try {
                DumbSlave agent = new DumbSlave(name, new File(rule.jenkins.getRootDir(), "agent-work-dirs/" + name)
                        .getAbsolutePath(), rule.createComputerLauncher(null));
                agent.setNumExecutors(1);
                agent.setLabelString(labels);
                agent.setRetentionStrategy(RetentionStrategy.NOOP);
                if (renderer != null) {
                    agent.getNodeProperties().add(new RenderToolsProperty(List.of(new RendererLocation("povray", renderer.toString()))));
                }
                return agent;
            } catch (Exception e) {
                throw new IllegalStateException("could not create " + name, e);
            }
        }

        @TestExtension
        public static final class DescriptorImpl extends Descriptor<Cloud> {
        }
    }
}

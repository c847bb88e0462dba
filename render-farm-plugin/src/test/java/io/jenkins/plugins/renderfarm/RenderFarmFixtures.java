package io.jenkins.plugins.renderfarm;

import hudson.model.Node;
import hudson.model.User;
import hudson.model.labels.LabelAtom;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.renderfarm.agents.RenderToolsProperty;
import io.jenkins.plugins.renderfarm.agents.RendererLocation;
import io.jenkins.plugins.renderfarm.config.RenderFarmConfiguration;
import io.jenkins.plugins.renderfarm.config.RenderProfile;
import io.jenkins.plugins.renderfarm.jobtype.RenderFlowDefinition;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import jenkins.security.ApiTokenProperty;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * Shared set-up for the Jenkins tests: agents that probe a render package, profiles, pipelines, waiting.
 */
final class RenderFarmFixtures {
    /** A small scene real POV-Ray renders in well under a second; the stand-in only checks it is text. */
    static final String SCENE = String.join("\n",
            "// renderfarm: width=32 height=24",
            "#version 3.7;",
            "camera { location <0, 1, -4> look_at <0, 0, 0> }",
            "light_source { <2, 4, -3> color rgb 1 }",
            "sphere { <clock / 10 - 0.3, 0, 0>, 0.6 pigment { color rgb <1, 0.4, 0.2> } }",
            "");

    private RenderFarmFixtures() {
    }

    /**
     * An online agent with one executor whose POV-Ray is {@code povray} (null: the one on the PATH), once the
     * probe has labelled it.
     */
    static DumbSlave agent(JenkinsRule r, String name, Path povray) throws Exception {
        return agent(r, name, "povray", povray);
    }

    /** An online agent with one executor whose {@code renderer} is {@code program} (null: the one on the PATH). */
    static DumbSlave agent(JenkinsRule r, String name, String renderer, Path program) throws Exception {
        DumbSlave agent = new DumbSlave(name, new File(r.jenkins.getRootDir(), "agent-work-dirs/" + name).getAbsolutePath(),
                r.createComputerLauncher(null));
        agent.setNumExecutors(1);
        if (program != null) {
            agent.getNodeProperties().add(new RenderToolsProperty(List.of(new RendererLocation(renderer, program.toString()))));
        }
        r.jenkins.addNode(agent);
        r.waitOnline(agent);
        awaitLabel(agent, renderer);
        return agent;
    }

    static void awaitLabel(Node node, String label) throws Exception {
        await("label " + label + " on " + node.getNodeName(), 90,
                () -> node.getAssignedLabels().contains(LabelAtom.get(label)));
    }

    /** One profile: POV-Ray, one frame per chunk, no preview, quick blocklisting. */
    static RenderProfile profile(String name, boolean shared) {
        RenderProfile p = new RenderProfile(name, "povray");
        p.setChunkSize(1);
        p.setRetries(2);
        p.setBlocklistThreshold(1);
        p.setStallSeconds(600);
        p.setSharedStorage(shared);
        p.setPreview(null);
        return p;
    }

    /**
     * Makes {@code name} a render job of {@code profile} and the site job, the job whose builds render what other
     * controllers send here.
     */
    static WorkflowJob siteJob(JenkinsRule r, String name, String profile) throws IOException {
        WorkflowJob job = r.jenkins.createProject(WorkflowJob.class, name);
        job.setDefinition(new RenderFlowDefinition("/unused.pov", "1", profile));
        RenderFarmConfiguration.get().setSiteJob(name);
        return job;
    }

    /** A new API token of {@code user} (made on first use), as another controller would hold it. */
    static String apiToken(String user) throws IOException {
        return User.getById(user, true).getProperty(ApiTokenProperty.class).generateNewToken("site").plainValue;
    }

    static void configure(RenderProfile... profiles) {
        RenderFarmConfiguration.get().setProfiles(List.of(profiles));
    }

    static String pipeline(String frames) {
        return "node('built-in') {\n"
                + "  writeFile file: 'shots/ball.pov', text: '''" + SCENE + "'''\n"
                + "  renderFrames scene: 'shots/ball.pov', frames: '" + frames + "', profile: 'pov'\n"
                + "}\n";
    }

    static void await(String what, int seconds, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}

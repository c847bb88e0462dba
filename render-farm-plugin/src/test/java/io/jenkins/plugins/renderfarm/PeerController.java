package io.jenkins.plugins.renderfarm;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Item;
import hudson.model.User;
import io.jenkins.plugins.renderfarm.config.RemoteController;
import io.jenkins.plugins.renderfarm.config.RenderFarmConfiguration;
import io.jenkins.plugins.renderfarm.jobtype.RenderFlowDefinition;
import io.renderfarm.engine.site.client.SiteClient;
import java.io.Serializable;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import jenkins.model.Jenkins;
import jenkins.security.ApiTokenProperty;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.RealJenkinsExtension;

/**
 * The remote side of the Jenkins-to-Jenkins delegation tests: a second controller with this plugin, in its own JVM
 * ({@link RealJenkinsExtension}; Jenkins is a singleton, so two cannot share the test's JVM). It has one render
 * agent, a site job whose profile names that agent, and a user {@value #USER} who may read, build and cancel jobs,
 * with an API token the local controller's credential holds. What runs inside the remote is in static methods
 * taking only strings: the steps are serialized to the other JVM.
 */
final class PeerController {
    static final String USER = "peer";
    static final String SITE_JOB = "delegated";
    private final RealJenkinsExtension jenkins;
    private String token;

    PeerController(RealJenkinsExtension jenkins) {
        this.jenkins = jenkins;
    }

    /**
     * Starts the remote; its agent renders with {@code povray} (a stand-in script on this machine), and it posts
     * completion notices to {@code local}, the controller that sends it renders (its callback peer).
     */
    void start(Path povray, URL local) throws Exception {
        jenkins.startJenkins();
        String program = povray.toString();
        String peer = local.toString();
        token = remotely(r -> {
            return setUp(r, program, peer);
        });
    }

    private static String setUp(JenkinsRule r, String povray, String callbackPeer) throws Exception {
        r.jenkins.setNumExecutors(0); // only the agent renders, so frames prove the remote's agent made them
        RenderFarmFixtures.agent(r, "render-remote", Path.of(povray));
        RenderFarmFixtures.configure(RenderFarmFixtures.profile("pov", false));
        WorkflowJob siteJob = r.jenkins.createProject(WorkflowJob.class, SITE_JOB);
        siteJob.setDefinition(new RenderFlowDefinition("/unused.pov", "1", "pov"));
        RenderFarmConfiguration.get().setSiteJob(SITE_JOB);
        RenderFarmConfiguration.get().setCallbackPeers(callbackPeer);
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD, Item.CANCEL).everywhere().to(USER));
        return User.getById(USER, true).getProperty(ApiTokenProperty.class).generateNewToken("delegation").plainValue;
    }

    /** The remote's served protocol, as a remote controller's URL names it. */
    URI siteUrl() throws Exception {
        return URI.create(jenkins.getUrl() + "render-site");
    }

    /** A client of the remote's protocol as {@value #USER}, for checks from the test. */
    SiteClient client() throws Exception {
        return SiteClient.basic(siteUrl(), USER, token);
    }

    /**
     * Configures the test's own controller (the local one) to send renders to the remote: a user-name-and-password
     * credential holding {@value #USER}'s API token, and a remote controller named {@code peer}.
     */
    void configureAsRemoteHere() throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(new UsernamePasswordCredentialsImpl(
                CredentialsScope.GLOBAL, "peer-token", "the remote Jenkins", USER, token));
        RenderFarmConfiguration.get().setRemoteControllers(List.of(new RemoteController("peer", siteUrl().toString(), "peer-token")));
    }

    /** The result of the remote's build that ran a delegated job, once it ended; null while it runs. */
    String siteBuildResult(int number) throws Exception {
        return remotely(r -> {
            return resultOf(r, number);
        });
    }

    private static String resultOf(JenkinsRule r, int number) {
        WorkflowRun run = r.jenkins.getItemByFullName(SITE_JOB, WorkflowJob.class).getBuildByNumber(number);
        return run == null || run.isBuilding() ? null : String.valueOf(run.getResult());
    }

    /** Whether the remote's build archived this artifact: the frames were rendered and stored over there. */
    boolean siteBuildHasArtifact(int number, String path) throws Exception {
        return remotely(r -> {
            return hasArtifact(r, number, path);
        });
    }

    /** Runs a step in the remote; its failures come back as exceptions, so callers can poll with them. */
    private <T extends Serializable> T remotely(RealJenkinsExtension.Step2<T> step) throws Exception {
        try {
            return jenkins.runRemotely(step);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new Exception(t);
        }
    }

    private static Boolean hasArtifact(JenkinsRule r, int number, String path) throws Exception {
        WorkflowRun run = r.jenkins.getItemByFullName(SITE_JOB, WorkflowJob.class).getBuildByNumber(number);
        return run != null && run.getArtifactManager().root().child(path).isFile();
    }
}

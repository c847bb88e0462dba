package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.agent;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.configure;
import static io.jenkins.plugins.renderfarm.StandInRenderer.standIn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import hudson.model.Result;
import io.jenkins.plugins.renderfarm.StandInRenderer.StandIn;
import io.jenkins.plugins.renderfarm.config.RenderProfile;
import io.jenkins.plugins.renderfarm.jobtype.RenderFlowDefinition;
import io.renderfarm.engine.verify.FrameVerifier;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The controller never reads a path a pipeline names. A workspace committed with a link to a secret-like file
 * outside the scene's folder is refused, naming the link, before anything is copied, rendered or sent; a link that
 * stays inside the folder works. A shared-storage scene sent to a remote controller is read on an agent of the
 * profile, with the same refusal. Archived frames and samples are as readable as any other artifact.
 */
@WithJenkins
class SceneFilesITest {
    private static final String SECRET = "TOP-SECRET-0123456789";

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @TempDir
    Path tmp;

    /** A file standing for {@code $JENKINS_HOME/secrets/master.key}: readable by the controller, never to be sent. */
    private static Path secret(JenkinsRule r) throws Exception {
        Path file = r.jenkins.getRootDir().toPath().resolve("secrets/render-test.key");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, SECRET, StandardCharsets.UTF_8);
    }

    private static RenderProfile pov(boolean shared) {
        RenderProfile p = RenderFarmFixtures.profile("pov", shared);
        p.setRemoteWaitSeconds(0);
        return p;
    }

    /** A pipeline whose checked-out scene folder holds {@code link -> target}, as a committed symlink would. */
    private static WorkflowJob linkedProject(JenkinsRule r, String link, String target, String scene, String where)
            throws Exception {
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("node('built-in') {\n"
                + "  writeFile file: 'shots/ball.pov', text: '''" + RenderFarmFixtures.SCENE + "'''\n"
                + "  sh \"ln -sfn '" + target + "' shots/" + link + "\"\n"
                + "  renderFrames scene: '" + scene + "', frames: '1-2', profile: 'pov', where: '" + where + "'\n"
                + "}\n", true));
        return p;
    }

    private static List<Path> filesOf(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(f -> !Files.isDirectory(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
        }
    }

    @Test
    void shouldRefuseACommittedLinkToASecretOutsideTheSceneFolderNamingIt(JenkinsRule r) throws Exception {
        Path secret = secret(r);
        r.jenkins.setNumExecutors(1);
        StandIn renderer = standIn(tmp, "povray", 0, 0);
        agent(r, "render-a", renderer.program());
        configure(pov(false));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, linkedProject(r, "k", secret.toString(), "shots/ball.pov", "local"));

        r.assertLogContains("the link k leads outside the scene's folder", b);
        r.assertLogNotContains(SECRET, b);
        assertThat("nothing rendered", renderer.invocations(), is(empty()));
        for (Path f : filesOf(b.getRootDir().toPath().resolve("renderfarm"))) {
            assertThat(f + " is no link", Files.isSymbolicLink(f), is(false));
            assertThat(f + " is not the secret", Files.readString(f, StandardCharsets.ISO_8859_1).contains(SECRET), is(false));
        }
    }

    @Test
    void shouldSendNothingToARemoteControllerWhenTheWorkspaceLinksOutside(JenkinsRule r) throws Exception {
        Path secret = secret(r);
        try (StandaloneSite site = StandaloneSite.start(r, tmp, 0)) {
            r.jenkins.setNumExecutors(1);
            configure(pov(false));

            WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE,
                    linkedProject(r, "k", secret.toString(), "shots/ball.pov", "remote"));

            r.assertLogContains("rendering remote: where=remote was asked", b);
            r.assertLogContains("the link k leads outside the scene's folder", b);
            assertThat(site.client().jobs().jobs(), is(empty()));
            assertThat("the site never received the secret", site.client().missing(List.of(FrameVerifier.sha256(secret)))
                    .missing(), hasSize(1));
        }
    }

    @Test
    void shouldRenderALinkThatStaysInsideTheSceneFolder(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(1);
        agent(r, "render-a", standIn(tmp, "povray", 0, 0).program());
        configure(pov(false));

        WorkflowRun b = r.buildAndAssertSuccess(linkedProject(r, "same.pov", "ball.pov", "shots/same.pov", "local"));

        assertThat(b.getArtifactManager().root().child("renders/frame_0002.png").isFile(), is(true));
    }

    @Test
    void shouldReadASharedStorageSceneOnAnAgentAndRefuseItsLinksOutside(JenkinsRule r) throws Exception {
        Path secret = secret(r);
        Path scene = tmp.resolve("nas/sh010/ball.pov");
        Files.createDirectories(scene.getParent());
        Files.writeString(scene, RenderFarmFixtures.SCENE, StandardCharsets.UTF_8);
        try (StandaloneSite site = StandaloneSite.start(r, tmp, 0)) {
            r.jenkins.setNumExecutors(0); // the controller has no executor: only the agent can read the scene
            agent(r, "render-a", standIn(tmp, "povray", 0, 0).program());
            configure(pov(true));
            WorkflowJob job = r.jenkins.createProject(WorkflowJob.class, "sh010");
            RenderFlowDefinition form = new RenderFlowDefinition(scene.toString(), "1-2", "pov");
            form.setWhere("remote");
            form.setPreview(false);
            job.setDefinition(form);

            WorkflowRun good = r.buildAndAssertSuccess(job);
            r.assertLogContains("job file(s) from " + scene.getParent(), good);
            assertThat(good.getArtifactManager().root().child("renders/frame_0002.png").isFile(), is(true));

            Files.createSymbolicLink(scene.resolveSibling("k"), secret);
            WorkflowRun bad = r.buildAndAssertStatus(Result.FAILURE, job);
            r.assertLogContains("the link k leads outside the scene's folder", bad);
            assertThat(site.client().jobs().jobs(), hasSize(1));
            assertThat("the site never received the secret", site.client().missing(List.of(FrameVerifier.sha256(secret)))
                    .missing(), hasSize(1));
        }
    }

    @Test
    void shouldArchiveFramesAndSamplesAsReadableAsAnyNewFile(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(1);
        agent(r, "render-a", standIn(tmp, "povray", 0, 0).program());
        configure(pov(false));
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("node('built-in') {\n"
                + "  writeFile file: 'shots/ball.pov', text: '''" + RenderFarmFixtures.SCENE + "'''\n"
                + "  renderFrames scene: 'shots/ball.pov', frames: '1-3', profile: 'pov', preview: true\n"
                + "}\n", true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        Path artifacts = new File(b.getRootDir(), "archive").toPath();
        Path fresh = Files.createFile(b.getRootDir().toPath().resolve("fresh-file"));
        Set<PosixFilePermission> ordinary = Files.getPosixFilePermissions(fresh);
        List<Path> archived = filesOf(artifacts);
        assertThat(archived.size(), greaterThan(3)); // frames, preview samples, thumbnails, the contact sheet
        assertThat(archived.stream().map(f -> {
            try {
                return Files.getPosixFilePermissions(f);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList(), everyItem(is(ordinary)));
    }
}

package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.await;
import static io.jenkins.plugins.renderfarm.StandInRenderer.standIn;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.util.Secret;
import io.jenkins.plugins.renderfarm.config.RemoteController;
import io.jenkins.plugins.renderfarm.config.RenderFarmConfiguration;
import io.renderfarm.engine.site.client.SiteClient;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * A standalone render site ({@code renderfarm serve} of this repository, as a process) that the test's Jenkins may
 * send renders to, configured there as the remote controller {@code site}; the Jenkins is its callback peer, so
 * its completion notices reach {@code render-callback/}. Its POV-Ray is the scripted stand-in. Tests using it are
 * skipped when {@code render-server/target/renderfarm.jar} has not been built.
 */
final class StandaloneSite implements AutoCloseable {
    static final String TOKEN = "site-token-for-tests-0123456789abcdef";
    private static final Path JAR = Path.of("../render-server/target/renderfarm.jar").toAbsolutePath().normalize();
    private final Process process;
    private final URI url;
    private final Path log;

    private StandaloneSite(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** Starts the site with a POV-Ray stand-in that sleeps {@code sleep} seconds per frame, and configures it here. */
    static StandaloneSite start(JenkinsRule r, Path tmp, int sleep) throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "build render-server first: " + JAR);
        Path bin = Files.createDirectories(tmp.resolve("site-bin"));
        Files.copy(standIn(tmp, "site-povray", sleep, 0).program(), bin.resolve("povray"));
        bin.resolve("povray").toFile().setExecutable(true);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = tmp.resolve("site.log");
        ProcessBuilder pb = new ProcessBuilder("java", "-jar", JAR.toString(), "serve", "--port", Integer.toString(port),
                "--token", TOKEN, "--data", tmp.resolve("site-data").toString(), "--slots", "2",
                "--callback-peer", r.getURL().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        StandaloneSite site = new StandaloneSite(pb.start(), URI.create("http://127.0.0.1:" + port), log);
        SiteClient client = site.client();
        await("the site to answer", 60, () -> {
            try {
                return client.site().protocol() == 1;
            } catch (Exception e) {
                return false;
            }
        });
        SystemCredentialsProvider.getInstance().getCredentials().add(
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "site-token", "render site", Secret.fromString(TOKEN)));
        RenderFarmConfiguration.get().setRemoteControllers(List.of(new RemoteController("site", site.url.toString(), "site-token")));
        return site;
    }

    URI url() {
        return url;
    }

    SiteClient client() {
        return new SiteClient(url, TOKEN);
    }

    /** Everything the site printed so far. */
    String log() throws Exception {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}

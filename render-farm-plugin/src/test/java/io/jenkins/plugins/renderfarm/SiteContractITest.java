package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.apiToken;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.configure;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.profile;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.siteJob;

import hudson.model.Item;
import io.renderfarm.engine.site.contract.SiteContract;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.BeforeEach;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The plugin's {@code render-site/} answers the protocol's contract as the standalone site does
 * ({@code SiteContractTest}): the same requests, the same statuses and problem types, bodies checked against the
 * OpenAPI schemas. A user with an API token may submit, read and cancel; anonymous users hold Overall/Read only, so
 * a request without credentials reaches the plugin and gets its 401 problem rather than Jenkins' login page. No agent
 * is needed: the submitted job only waits in the queue until the suite cancels it.
 */
@WithJenkins
class SiteContractITest extends SiteContract {
    private URI site;
    private String authorization;

    @BeforeEach
    void startSite(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(0);
        configure(profile("pov", false));
        siteJob(r, "delegated", "pov");
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ).everywhere().toEveryone()
                .grant(Jenkins.READ, Item.READ, Item.BUILD, Item.CANCEL).everywhere().to("alice"));
        site = URI.create(r.getURL() + "render-site");
        authorization = "Basic " + Base64.getEncoder()
                .encodeToString(("alice:" + apiToken("alice")).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected URI base() {
        return site;
    }

    @Override
    protected Map<String, String> credentials() {
        return Map.of("Authorization", authorization);
    }
}

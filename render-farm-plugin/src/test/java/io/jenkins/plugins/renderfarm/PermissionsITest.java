package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.agent;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.configure;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.pipeline;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.profile;
import static io.jenkins.plugins.renderfarm.StandInRenderer.standIn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.domains.HostnameSpecification;
import com.fasterxml.jackson.databind.JsonNode;
import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.Secret;
import io.jenkins.plugins.renderfarm.config.RemoteController;
import io.jenkins.plugins.renderfarm.config.RenderFarmConfiguration;
import io.jenkins.plugins.renderfarm.jobtype.RenderFlowDefinition;
import io.renderfarm.engine.site.protocol.SiteJson;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import jenkins.model.Jenkins;
import jenkins.security.ApiTokenProperty;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Every endpoint checks permissions: the render page and its JSON need read access to the job, the Render
 * servers page needs system read, probing again needs manage; the served site protocol needs read access to the
 * site job, and Build on it to submit, with a callback URL only of a peer; its site resource names agents and
 * remotes only to system read; the global section and its form helpers need Overall/Administer.
 */
@WithJenkins
class PermissionsITest {
    @TempDir
    Path tmp;

    @Test
    void shouldCheckPermissionsOnEveryEndpoint(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(1);
        agent(r, "render-a", standIn(tmp, "povray", 0, 0).program());
        configure(profile("pov", false));
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(pipeline("1-2"), true));
        r.buildAndAssertSuccess(p);
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader")
                .grant(Jenkins.READ).everywhere().to("stranger"));

        JenkinsRule.WebClient reader = r.createWebClient().login("reader");
        assertThat(reader.getJSON("job/p/1/render-1/progress").getJSONObject().getJSONObject("data").getInt("done"), is(2));
        assertThat(reader.goTo("job/p/1/render-1/").asNormalizedText(), containsString("Render shots/ball.pov"));
        reader.assertFails("manage/render-servers/", HttpURLConnection.HTTP_FORBIDDEN);

        JenkinsRule.WebClient stranger = r.createWebClient().login("stranger");
        stranger.assertFails("job/p/1/render-1/progress", HttpURLConnection.HTTP_NOT_FOUND);
        stranger.assertFails("job/p/1/render-1/", HttpURLConnection.HTTP_NOT_FOUND);

        JenkinsRule.WebClient anonymous = r.createWebClient();
        anonymous.assertFails("job/p/1/render-1/progress", HttpURLConnection.HTTP_FORBIDDEN);

        JenkinsRule.WebClient admin = r.createWebClient().login("admin");
        assertThat(admin.goTo("manage/render-servers/").asNormalizedText(), containsString("render-a"));
    }

    /**
     * The served protocol tells "no site job here" (503) from "a site job you may not see" (403), each with a
     * problem body; reading, listing and submitting all need read access to the site job, submitting also Build.
     */
    @Test
    void shouldRefuseTheSiteProtocolToWhoMayNotSeeTheSiteJob(JenkinsRule r) throws Exception {
        WorkflowJob siteJob = r.jenkins.createProject(WorkflowJob.class, "delegated");
        siteJob.setDefinition(new RenderFlowDefinition("/unused.pov", "1", "pov"));
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD).everywhere().to("alice")
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader")
                .grant(Jenkins.READ).everywhere().to("stranger"));
        SiteCaller alice = new SiteCaller(r, "alice");
        SiteCaller reader = new SiteCaller(r, "reader");
        SiteCaller stranger = new SiteCaller(r, "stranger");
        String submit = "{\"scene\":\"ball.pov\",\"files\":[],\"frames\":\"1\"}";
        String someJob = "/api/jobs/j000000000000000000000000";

        RenderFarmConfiguration.get().setSiteJob("");
        alice.assertProblem("GET", "/api/jobs", null, 503, "no site job");
        alice.assertProblem("POST", "/api/jobs", submit, 503, "no site job");
        stranger.assertProblem("GET", someJob, null, 503, "no site job");
        RenderFarmConfiguration.get().setSiteJob("delegated/missing");
        alice.assertProblem("GET", "/api/jobs", null, 503, "site job does not exist");

        RenderFarmConfiguration.get().setSiteJob("delegated");
        assertThat(alice.send("GET", "/api/jobs", null).statusCode(), is(200));
        assertThat(reader.send("GET", "/api/jobs", null).statusCode(), is(200));
        stranger.assertProblem("GET", "/api/jobs", null, 403, "Job/Read");
        stranger.assertProblem("POST", "/api/jobs", submit, 403, "Job/Read");
        stranger.assertProblem("GET", someJob, null, 403, "Job/Read");
        stranger.assertProblem("GET", someJob + "/frames.zip", null, 403, "Job/Read");
        stranger.assertProblem("POST", "/api/blobs/missing", "{\"sha256\":[]}", 403, "Job/Read");
        reader.assertProblem("POST", "/api/jobs", submit, 403, "Job/Build");
        reader.assertProblem("GET", someJob, null, 404, "no job");
        alice.assertProblem("POST", "/api/jobs", submit, 400, "'files'");
        assertThat(stranger.send("GET", "/api/site", null).statusCode(), is(200)); // Overall/Read is enough

        // Completion notices go to peers only: this machine is not one unless listed.
        alice.assertProblem("POST", "/api/jobs", withCallback("http://127.0.0.1:22/x"), 400, "is not a peer of this site");
        alice.assertProblem("POST", "/api/jobs", withCallback("http://169.254.169.254/latest"), 400, "is not a peer");
        RenderFarmConfiguration.get().setCallbackPeers("https://render1.example/jenkins/\n");
        alice.assertProblem("POST", "/api/jobs", withCallback("https://render1.example/jenkins/render-callback/0123456789abcdef"),
                409, "upload them first");

        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(r.getURL() + "render-site/api/jobs")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode() == 401 || anonymous.statusCode() == 403, is(true));
    }

    private static String withCallback(String url) {
        return "{\"scene\":\"ball.pov\",\"files\":[{\"path\":\"ball.pov\",\"sha256\":\"" + "a".repeat(64)
                + "\",\"size\":1}],\"frames\":\"1\",\"callbackUrl\":\"" + url + "\",\"callbackSecret\":\""
                + "s".repeat(32) + "\"}";
    }

    /**
     * {@code GET render-site/api/site} names the site job's agents and the remote controllers only to callers with
     * Overall/SystemRead; others see as many slots, numbered, and no remote.
     */
    @Test
    void shouldShowTheSitesAgentsAndRemotesOnlyToSystemRead(JenkinsRule r) throws Exception {
        boolean systemRead = Jenkins.SYSTEM_READ.getEnabled();
        Jenkins.SYSTEM_READ.setEnabled(true);
        try {
            r.jenkins.setNumExecutors(0); // only the agent's executor is a slot of the site job
            agent(r, "render-secret-name", standIn(tmp, "povray", 0, 0).program());
            configure(profile("pov", false));
            RenderFarmFixtures.siteJob(r, "delegated", "pov");
            RenderFarmConfiguration.get().setRemoteControllers(List.of(
                    new RemoteController("paris", "https://paris.internal.example/render-site", "")));
            r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
            r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                    .grant(Jenkins.READ, Item.READ).everywhere().to("reader")
                    .grant(Jenkins.READ, Jenkins.SYSTEM_READ, Item.READ).everywhere().to("auditor"));

            JsonNode forReader = SiteJson.lenient().readTree(new SiteCaller(r, "reader").send("GET", "/api/site", null).body());
            JsonNode forAuditor = SiteJson.lenient().readTree(new SiteCaller(r, "auditor").send("GET", "/api/site", null).body());

            assertThat(forReader.get("slots").size(), is(forAuditor.get("slots").size()));
            assertThat(forReader.get("slots").get(0).get("id").asText(), is("slot-1"));
            assertThat(forReader.toString(), not(containsString("render-secret-name")));
            assertThat(forReader.toString(), not(containsString("paris.internal.example")));
            assertThat(forReader.get("remoteSites").size(), is(0));
            assertThat(forAuditor.get("slots").toString(), containsString("\"render-secret-name#0\""));
            assertThat(forAuditor.get("remoteSites").get(0).asText(), is("https://paris.internal.example/render-site"));
        } finally {
            Jenkins.SYSTEM_READ.setEnabled(systemRead);
        }
    }

    /**
     * The render farm section and every one of its form helpers need the same permission, Overall/Administer; the
     * credential list offers what a build can resolve for the remote's URL: global scope, matching domain.
     */
    @Test
    @SuppressWarnings("try") // the context is only closed, never read
    void shouldGuardTheSectionAndItsHelpersWithOnePermissionAndListResolvableCredentials(JenkinsRule r) throws Exception {
        boolean manage = Jenkins.MANAGE.getEnabled();
        Jenkins.MANAGE.setEnabled(true);
        try {
            assertThat(RenderFarmConfiguration.get().getRequiredGlobalConfigPagePermission(), is(Jenkins.ADMINISTER));
            SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(
                    CredentialsScope.GLOBAL, "global-token", "", Secret.fromString("a")));
            SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(
                    CredentialsScope.SYSTEM, "system-token", "", Secret.fromString("b")));
            // getStore() is private in the credentials plugin; the domain map is its public, live view
            SystemCredentialsProvider.getInstance().getDomainCredentialsMap().put(
                    new Domain("elsewhere", null, List.of(new HostnameSpecification("other.example", null))),
                    List.of(new StringCredentialsImpl(
                            CredentialsScope.GLOBAL, "other-host-token", "", Secret.fromString("c"))));
            RemoteController.DescriptorImpl descriptor = r.jenkins.getDescriptorByType(RemoteController.DescriptorImpl.class);

            List<String> listed = descriptor.doFillCredentialsIdItems("https://render.example/render-site", "")
                    .stream().map(o -> o.value).toList();

            assertThat(listed, hasItem("global-token"));
            assertThat(listed, not(hasItem("system-token")));
            assertThat(listed, not(hasItem("other-host-token")));

            r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
            r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                    .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                    .grant(Jenkins.READ, Jenkins.MANAGE).everywhere().to("manager"));
            JenkinsRule.WebClient manager = r.createWebClient().login("manager");
            JenkinsRule.WebClient admin = r.createWebClient().login("admin");
            for (String helper : List.of("io.jenkins.plugins.renderfarm.config.RemoteController/checkName?value=paris",
                    "io.jenkins.plugins.renderfarm.config.RenderProfile/checkName?value=pov",
                    "io.jenkins.plugins.renderfarm.config.RenderFarmConfiguration/checkCallbackPeers?value=x")) {
                WebRequest post = new WebRequest(new URL(r.getURL(), "descriptorByName/" + helper), HttpMethod.POST);
                manager.setThrowExceptionOnFailingStatusCode(false);
                assertThat(helper, manager.getPage(manager.addCrumb(post)).getWebResponse().getStatusCode(), is(403));
                WebRequest again = new WebRequest(new URL(r.getURL(), "descriptorByName/" + helper), HttpMethod.POST);
                assertThat(helper, admin.getPage(admin.addCrumb(again)).getWebResponse().getStatusCode(), is(200));
            }
            try (ACLContext ignored = ACL.as2(User.getById("manager", true).impersonate2())) {
                assertThat(descriptor.doFillCredentialsIdItems("https://render.example/render-site", "")
                        .stream().map(o -> o.value).toList(), not(hasItem("global-token")));
            }
        } finally {
            Jenkins.MANAGE.setEnabled(manage);
        }
    }

    /** One user calling {@code render-site/} with an API token over HTTP Basic, as another controller does. */
    private record SiteCaller(URI site, String authorization) {
        SiteCaller(JenkinsRule r, String user) throws Exception {
            this(URI.create(r.getURL() + "render-site"), "Basic " + Base64.getEncoder().encodeToString((user + ":"
                    + User.getById(user, true).getProperty(ApiTokenProperty.class).generateNewToken("test").plainValue)
                    .getBytes(StandardCharsets.UTF_8)));
        }

        HttpResponse<String> send(String method, String path, String json) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(site + path)).header("Authorization", authorization)
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                b.header("Content-Type", "application/json");
            }
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        void assertProblem(String method, String path, String json, int status, String detail) throws Exception {
            HttpResponse<String> answer = send(method, path, json);
            assertThat(method + " " + path, answer.statusCode(), is(status));
            assertThat(answer.headers().firstValue("Content-Type").orElse(""), startsWith("application/problem+json"));
            JsonNode problem = SiteJson.lenient().readTree(answer.body());
            assertThat(problem.get("status").asInt(), is(status));
            assertThat(problem.get("detail").asText(), containsString(detail));
        }
    }
}

package io.jenkins.plugins.renderfarm.config;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.net.URI;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A controller renders may be sent to: another Jenkins with this plugin ({@code https://host/jenkins/render-site})
 * or a standalone render site ({@code http://host:8765}); both speak the site protocol. The credential is a
 * Credentials-plugin id: a secret text holding a standalone site's token, or a user name with an API token for a
 * Jenkins peer. Only the id is stored here. Builds resolve it in their own context, with the URL's domain
 * requirements ({@code RemoteSites}), so the form lists exactly those a build can resolve: of those kinds, for that
 * URL, and not of {@code SYSTEM} scope, which builds never see.
 */
public final class RemoteController implements Describable<RemoteController> {
    private final String name;
    private final String url;
    private final String credentialsId;

    @DataBoundConstructor
    public RemoteController(String name, String url, String credentialsId) {
        this.name = Util.fixNull(name).trim();
        this.url = Util.fixNull(url).trim();
        this.credentialsId = Util.fixNull(credentialsId).trim();
    }

    public String getName() {
        return name;
    }

    public String getUrl() {
        return url;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** The credentials a build sending a render to {@code url} may resolve, as the form lists them. */
    static CredentialsMatcher usable() {
        return CredentialsMatchers.allOf(
                CredentialsMatchers.anyOf(CredentialsMatchers.instanceOf(StringCredentials.class),
                        CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class)),
                CredentialsMatchers.not(CredentialsMatchers.withScope(CredentialsScope.SYSTEM)));
    }

    /**
     * Form, validation and JCasC support; every endpoint requires {@link RenderFarmConfiguration#PERMISSION}, the
     * permission of the section that holds remote controllers.
     */
    @Extension
    @Symbol("remoteController")
    public static final class DescriptorImpl extends Descriptor<RemoteController> {
        @Override
        public String getDisplayName() {
            return "Remote controller";
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String url, @QueryParameter String credentialsId) {
            if (!Jenkins.get().hasPermission(RenderFarmConfiguration.PERMISSION)) {
                return new StandardListBoxModel().includeCurrentValue(credentialsId);
            }
            return new StandardListBoxModel().includeEmptyValue()
                    .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class,
                            URIRequirementBuilder.fromUri(Util.fixNull(url).trim()).build(), usable())
                    .includeCurrentValue(credentialsId);
        }

        @POST
        public FormValidation doCheckUrl(@QueryParameter String value) {
            Jenkins.get().checkPermission(RenderFarmConfiguration.PERMISSION);
            try {
                URI uri = new URI(Util.fixNull(value).trim());
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return "http".equals(uri.getScheme()) && !isLoopback(uri.getHost())
                            ? FormValidation.warning("Plain http sends the credential unencrypted; use https.")
                            : FormValidation.ok();
                }
            } catch (java.net.URISyntaxException e) {
                // reported below
            }
            return FormValidation.error("An http(s) URL, such as https://render.example.com/jenkins/render-site");
        }

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            Jenkins.get().checkPermission(RenderFarmConfiguration.PERMISSION);
            return Util.fixNull(value).trim().matches("[A-Za-z0-9_.-]+") ? FormValidation.ok()
                    : FormValidation.error("Use letters, digits, '_', '-' and '.'; pipelines pick it with remote: 'name'.");
        }

        private static boolean isLoopback(String host) {
            return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        }
    }
}

package io.jenkins.plugins.renderfarm.remote;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.renderfarm.config.RemoteController;
import io.renderfarm.engine.site.client.RemoteSite;
import java.net.URI;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Turns a configured {@link RemoteController} into the engine's {@link RemoteSite}, resolving its credential in
 * the context of the build, for the remote's URL (so the credential's scope and domain and the build's authorization
 * apply, as for any step that uses credentials; the configuration form lists the same ones), and reached through
 * Jenkins' proxy settings ({@link JenkinsHttp}). A secret text is a standalone site's token (sent as a bearer
 * token); a user name with password is a Jenkins user and API token (sent with HTTP Basic, which Jenkins accepts
 * without a crumb). The secret stays in memory only.
 */
public final class RemoteSites {
    private RemoteSites() {
    }

    public static RemoteSite site(RemoteController controller, Run<?, ?> run) throws AbortException {
        try {
            URI url = URI.create(controller.getUrl());
            if (controller.getCredentialsId().isEmpty()) {
                return new RemoteSite(url, null, null).withHttp(JenkinsHttp.CLIENTS);
            }
            StandardCredentials c = CredentialsProvider.findCredentialById(controller.getCredentialsId(),
                    StandardCredentials.class, run, URIRequirementBuilder.fromUri(controller.getUrl()).build());
            if (c instanceof StringCredentials s) {
                return new RemoteSite(url, s.getSecret().getPlainText(), null).withHttp(JenkinsHttp.CLIENTS);
            }
            if (c instanceof StandardUsernamePasswordCredentials u) {
                return new RemoteSite(url, u.getPassword().getPlainText(), null, u.getUsername()).withHttp(JenkinsHttp.CLIENTS);
            }
        } catch (IllegalArgumentException e) {
            throw new AbortException("remote controller '" + controller.getName() + "': " + e.getMessage());
        }
        throw new AbortException("remote controller '" + controller.getName() + "': credential '"
                + controller.getCredentialsId() + "' is not a secret text or user name with API token this build may use"
                + " for " + controller.getUrl() + " (system-scoped credentials never are)");
    }
}

package io.jenkins.plugins.renderfarm.remote;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.renderfarm.config.RemoteController;
import io.renderfarm.engine.site.RemoteSite;
import java.net.URI;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Turns a configured {@link RemoteController} into the engine's {@link RemoteSite}, resolving its credential in
 * the context of the build (so the credential's scope and the build's authorization apply, as for any step that
 * uses credentials). The secret stays in memory only.
 */
public final class RemoteSites {
    private RemoteSites() {
    }

    public static RemoteSite site(RemoteController controller, Run<?, ?> run) throws AbortException {
        URI url;
        try {
            url = URI.create(controller.getUrl());
            return new RemoteSite(url, token(controller, run), null);
        } catch (IllegalArgumentException e) {
            throw new AbortException("remote controller '" + controller.getName() + "': " + e.getMessage());
        }
    }

    private static String token(RemoteController controller, Run<?, ?> run) throws AbortException {
        if (controller.getCredentialsId().isEmpty()) {
            return null;
        }
        StandardCredentials c = CredentialsProvider.findCredentialById(controller.getCredentialsId(),
                StandardCredentials.class, run);
        if (c instanceof StringCredentials s) {
            return s.getSecret().getPlainText();
        }
        if (c instanceof StandardUsernamePasswordCredentials) {
            // A Jenkins peer takes "user:API token" over HTTP Basic; the engine's RemoteSite sends bearer tokens
            // only so far (SiteClient.basic exists, RemoteSite/RemoteDelegation do not use it yet).
            throw new AbortException("remote controller '" + controller.getName() + "': user name and API token "
                    + "credentials need HTTP Basic support in the engine's RemoteSite, which is not there yet; "
                    + "use a secret text credential (a standalone site's token)");
        }
        throw new AbortException("remote controller '" + controller.getName() + "': credential '"
                + controller.getCredentialsId() + "' is not a secret text or user name with API token this build may use");
    }
}

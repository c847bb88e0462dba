package io.jenkins.plugins.renderfarm.remote;

import hudson.ProxyConfiguration;
import io.renderfarm.engine.site.client.HttpClientFactory;

/**
 * The engine's HTTP clients built as Jenkins builds its own: {@link ProxyConfiguration#newHttpClientBuilder()}
 * carries the proxy, its credentials and no-proxy hosts configured under Manage Jenkins » System, and Jenkins'
 * connection timeout. A new builder per client, so a proxy changed in the UI applies to the next request.
 */
public final class JenkinsHttp {
    /** For every request this plugin sends: to remote controllers and sites, and completion notices. */
    public static final HttpClientFactory CLIENTS = ProxyConfiguration::newHttpClientBuilder;

    private JenkinsHttp() {
    }
}

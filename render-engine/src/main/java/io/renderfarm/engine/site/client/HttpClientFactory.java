package io.renderfarm.engine.site.client;

import io.renderfarm.engine.site.callback.CallbackSender;
import java.net.http.HttpClient;

/**
 * Where the engine's HTTP clients ({@link SiteClient}, {@link CallbackSender}) get their builder: the host's, so
 * its network settings apply (Jenkins passes {@code ProxyConfiguration::newHttpClientBuilder}, which carries the
 * configured proxy, its credentials and no-proxy hosts), else a plain {@code java.net.http} builder. Asked for a
 * new builder whenever a client is made, so settings changed meanwhile apply to the next one. The engine only adds
 * its HTTP version and timeouts to what it gets.
 */
@FunctionalInterface
public interface HttpClientFactory {
    /** No host settings: {@link HttpClient#newBuilder()}, which follows the JVM's default proxy selector. */
    HttpClientFactory DIRECT = HttpClient::newBuilder;

    HttpClient.Builder newBuilder();
}

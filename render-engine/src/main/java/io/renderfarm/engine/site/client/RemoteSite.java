package io.renderfarm.engine.site.client;

import io.renderfarm.engine.site.protocol.SiteProtocol;
import java.net.URI;

/**
 * A site this one may delegate jobs to: its URL, the token it wants (null when it has none), optionally the
 * secret this side derives the completion-notice keys of those jobs from (null: the host's own secret), and a user
 * name when the site is a Jenkins controller, which takes the token as that user's API token over HTTP Basic
 * authentication. Its HTTP clients come from {@code http}, the host's (Jenkins' proxy settings). The token and
 * secret are never printed: {@link #toString()} shows the URL and user only.
 */
public record RemoteSite(URI url, String token, String secret, String user, HttpClientFactory http) {
    /** A standalone site, reached with a bearer token. */
    public RemoteSite(URI url, String token, String secret) {
        this(url, token, secret, null);
    }

    /** A site reached with the JVM's own HTTP settings. */
    public RemoteSite(URI url, String token, String secret, String user) {
        this(url, token, secret, user, HttpClientFactory.DIRECT);
    }

    public RemoteSite {
        if (url == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
                || url.getHost() == null) {
            throw new IllegalArgumentException("a remote site's URL must be http(s)://host:port, got " + url);
        }
        String s = url.toString();
        url = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        token = token == null || token.isBlank() ? null : token.strip();
        secret = secret == null || secret.isBlank() ? null : secret.strip();
        user = user == null || user.isBlank() ? null : user.strip();
        http = http == null ? HttpClientFactory.DIRECT : http;
        if (user != null && token == null) {
            throw new IllegalArgumentException("a Jenkins remote " + url + " needs the API token of user " + user);
        }
        if (secret != null && secret.length() < SiteProtocol.MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the callback secret for " + url + " must have at least "
                    + SiteProtocol.MIN_SECRET_LENGTH + " characters");
        }
    }

    /** The site's URL as jobs and decisions name it. */
    public String name() {
        return url.toString();
    }

    /** The same site reached through the host's HTTP settings (Jenkins' proxy). */
    public RemoteSite withHttp(HttpClientFactory factory) {
        return new RemoteSite(url, token, secret, user, factory);
    }

    /** A client of this site: Basic authentication with user and API token for Jenkins, else the bearer token. */
    public SiteClient client() {
        return user == null ? new SiteClient(url, token, http) : SiteClient.basic(url, user, token, http);
    }

    @Override
    public String toString() {
        return "RemoteSite[" + url + (user == null ? "" : ", user=" + user) + (token == null ? "" : ", token=…")
                + (secret == null ? "" : ", secret=…") + "]";
    }
}

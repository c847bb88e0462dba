package io.renderfarm.engine.site.callback;

import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The hosts a site posts completion notices to: the origins (scheme, host and port) of the peers it is configured
 * with — the sites it delegates to and those an administrator lists as allowed to delegate to it. A submit whose
 * {@code callbackUrl} is anywhere else is refused, so whoever may submit cannot make the site post, again and
 * again, to a host of their choosing (loopback and link-local addresses included: they are peers only when listed).
 * Hosts are compared as written ({@code localhost} is not {@code 127.0.0.1}); the path is not compared, as a
 * Jenkins peer's notices go to {@code <jenkins>/render-callback/} beside its {@code <jenkins>/render-site/}.
 * Immutable; both hosts (the standalone site and the Jenkins plugin) use this one rule.
 */
public final class CallbackPeers {
    public static final CallbackPeers NONE = new CallbackPeers(new TreeSet<>());
    private static final int MAX_URL = 2048;

    private final SortedSet<String> origins;

    private CallbackPeers(SortedSet<String> origins) {
        this.origins = Collections.unmodifiableSortedSet(new TreeSet<>(origins));
    }

    /**
     * The peers at these URLs (only their origins count).
     *
     * @throws IllegalArgumentException naming a URL that is not an absolute http(s) URL with a host
     */
    public static CallbackPeers of(Collection<String> urls) {
        SortedSet<String> origins = new TreeSet<>();
        for (String url : urls) {
            String origin = origin(url == null ? "" : url.strip());
            if (origin == null) {
                throw new IllegalArgumentException(
                        "a peer must be an http(s) URL such as https://render2.example.com:8765," + " got '" + url
                                + "'");
            }
            origins.add(origin);
        }
        return new CallbackPeers(origins);
    }

    /** These peers and those. */
    public CallbackPeers and(CallbackPeers more) {
        SortedSet<String> all = new TreeSet<>(origins);
        all.addAll(more.origins);
        return new CallbackPeers(all);
    }

    /** Whether a notice may be posted to this URL. */
    public boolean allows(String url) {
        String origin = url == null ? null : origin(url);
        return origin != null && origins.contains(origin);
    }

    /**
     * Checks a submit's {@code callbackUrl}: absent is fine (no notice), anything else must be a peer's.
     *
     * @return the URL, or null when none was given
     * @throws SiteException 400 naming the field: a malformed URL, or a host that is not one of this site's peers
     */
    public String check(String url) throws SiteException {
        if (url == null || url.isBlank()) {
            return null;
        }
        String origin = origin(url);
        if (origin == null) {
            throw refused("'callbackUrl' must be an absolute http(s) URL, got '" + abbreviate(url) + "'");
        }
        if (!origins.contains(origin)) {
            throw refused("'callbackUrl' " + origin + " is not a peer of this site, so it posts no notices there: the"
                    + " site's administrator lists the sites allowed to delegate to it (callback peers)");
        }
        return url;
    }

    /** The origins, sorted, as {@code scheme://host:port}. */
    public SortedSet<String> origins() {
        return origins;
    }

    /** {@code scheme://host:port} of an absolute http(s) URL without user info, or null. */
    static String origin(String url) {
        if (url.length() > MAX_URL) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute()
                || uri.getHost() == null
                || uri.getRawUserInfo() != null
                || !scheme.equals("http") && !scheme.equals("https")) {
            return null;
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }

    private static SiteException refused(String detail) {
        return ProblemType.BAD_REQUEST.refusal(detail);
    }

    @Override
    public String toString() {
        return "CallbackPeers" + origins;
    }
}

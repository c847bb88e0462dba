package io.renderfarm.server.site;

import io.renderfarm.engine.site.RemoteDelegation;
import io.renderfarm.engine.site.RemoteSite;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sites this site may delegate jobs to, and how it delegates.
 *
 * @param sites     the remote sites with their tokens (and optional callback secrets)
 * @param publicUrl this site's URL as the remote sites reach it, for their completion notices; null: the URL it
 *                  listens on (right for sites on one machine or a loopback test)
 * @param settings  give-up time for an unreachable remote, poll interval
 */
public record RemoteSites(List<RemoteSite> sites, URI publicUrl, RemoteDelegation.Settings settings) {
    public static final RemoteSites NONE = new RemoteSites(List.of(), null, RemoteDelegation.Settings.DEFAULTS);

    public RemoteSites {
        sites = List.copyOf(sites);
        settings = settings == null ? RemoteDelegation.Settings.DEFAULTS : settings;
        Set<String> seen = new HashSet<>();
        for (RemoteSite s : sites) {
            if (!seen.add(s.name())) {
                throw new IllegalArgumentException("remote site " + s.name() + " is configured twice");
            }
        }
        if (publicUrl != null && !("http".equals(publicUrl.getScheme()) || "https".equals(publicUrl.getScheme()))) {
            throw new IllegalArgumentException("the public URL must be http(s)://host:port, got " + publicUrl);
        }
    }

    public boolean any() {
        return !sites.isEmpty();
    }

    /** The configured site with this URL, or null (a site removed from the configuration since). */
    public RemoteSite find(String url) {
        return sites.stream().filter(s -> s.name().equals(url)).findFirst().orElse(null);
    }
}

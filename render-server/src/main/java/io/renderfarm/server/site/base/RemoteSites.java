package io.renderfarm.server.site.base;

import io.renderfarm.engine.site.callback.CallbackPeers;
import io.renderfarm.engine.site.client.RemoteSite;
import io.renderfarm.engine.site.delegation.RemoteDelegation;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The sites this site works with: those it may delegate jobs to, how it delegates, and which sites may have it post
 * completion notices to them.
 *
 * @param sites         the remote sites with their tokens (and optional callback secrets)
 * @param publicUrl     this site's URL as the remote sites reach it, for their completion notices; null: the URL it
 *                      listens on (right for sites on one machine or a loopback test)
 * @param settings      give-up time for an unreachable remote, poll interval
 * @param callbackPeers sites allowed to delegate jobs here with a {@code callbackUrl} (besides {@code sites}):
 *                      this site posts completion notices to nowhere else
 */
public record RemoteSites(
        List<RemoteSite> sites, URI publicUrl, RemoteDelegation.Settings settings, List<URI> callbackPeers) {
    public static final RemoteSites NONE = new RemoteSites(List.of(), null, RemoteDelegation.Settings.DEFAULTS);

    /** Sites to delegate to, and no other peers. */
    public RemoteSites(List<RemoteSite> sites, URI publicUrl, RemoteDelegation.Settings settings) {
        this(sites, publicUrl, settings, List.of());
    }

    public RemoteSites {
        sites = List.copyOf(sites);
        callbackPeers = callbackPeers == null ? List.of() : List.copyOf(callbackPeers);
        peersOf(sites, callbackPeers); // refuses a peer that is not an http(s) URL now, not at the first submit
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

    /** Where completion notices may go: the remote sites and the listed peers. */
    public CallbackPeers peers() {
        return peersOf(sites, callbackPeers);
    }

    private static CallbackPeers peersOf(List<RemoteSite> sites, List<URI> callbackPeers) {
        return CallbackPeers.of(Stream.concat(
                        sites.stream().map(RemoteSite::name),
                        callbackPeers.stream().map(URI::toString))
                .toList());
    }

    public boolean any() {
        return !sites.isEmpty();
    }

    /** The configured site with this URL, or null (a site removed from the configuration since). */
    public RemoteSite find(String url) {
        return sites.stream().filter(s -> s.name().equals(url)).findFirst().orElse(null);
    }
}

package io.renderfarm.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.renderfarm.engine.site.client.RemoteSite;
import io.renderfarm.engine.site.delegation.RemoteDelegation;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.server.site.base.RemoteSites;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The remote sites {@code serve} may delegate jobs to: from {@code --config FILE} and from pairs of
 * {@code --remote-site URL --remote-token T}; and the sites that may delegate jobs here with a callback URL, from
 * the file's {@code callbackPeers} and {@code --callback-peer URL}. The file (JSON, read strictly: an unknown field
 * is an error) is the place for tokens, since a command line shows in {@code ps}:
 * <pre>{@code
 * {"publicUrl": "http://render1:8765",
 *  "remoteSites": [{"url": "http://render2:8765", "token": "...", "secret": "optional, 32+ characters"}],
 *  "callbackPeers": ["http://render0:8765"],
 *  "remoteGiveUpSeconds": 180, "remotePollSeconds": 15}
 * }</pre>
 */
final class RemoteSiteOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "JSON file with remoteSites (url, token, secret),"
                    + " publicUrl, remoteGiveUpSeconds, remotePollSeconds.")
    Path config;

    @Option(names = "--remote-site", paramLabel = "URL", description = "A site to delegate jobs to; repeatable.")
    List<String> sites = new ArrayList<>();

    @Option(
            names = "--remote-token",
            paramLabel = "T",
            description =
                    "The token of the --remote-site in the same" + " position (default: $RENDERFARM_REMOTE_TOKEN).")
    List<String> tokens = new ArrayList<>();

    @Option(
            names = "--callback-peer",
            paramLabel = "URL",
            description = "A site that may delegate jobs here and"
                    + " have completion notices posted back to it (the remote sites count already); repeatable.")
    List<String> callbackPeers = new ArrayList<>();

    @Option(
            names = "--public-url",
            paramLabel = "URL",
            description = "This site's URL as remote sites reach it, for"
                    + " their completion notices (default: the address it listens on).")
    String publicUrl;

    /** The file's form. */
    record FileForm(
            String publicUrl,
            List<SiteForm> remoteSites,
            List<String> callbackPeers,
            Integer remoteGiveUpSeconds,
            Integer remotePollSeconds) {}

    /** One remote site in the file. */
    record SiteForm(String url, String token, String secret) {}

    RemoteSites resolve(PrintStream warnings) throws IOException {
        FileForm file = config == null ? new FileForm(null, List.of(), List.of(), null, null) : read(config, warnings);
        List<RemoteSite> all = new ArrayList<>();
        for (SiteForm s : file.remoteSites() == null ? List.<SiteForm>of() : file.remoteSites()) {
            all.add(new RemoteSite(uri(s.url(), "remoteSites[].url"), s.token(), s.secret()));
        }
        if (!tokens.isEmpty() && tokens.size() != sites.size()) {
            throw new IllegalArgumentException(
                    "give one --remote-token per --remote-site (or none: $RENDERFARM_REMOTE_TOKEN)");
        }
        for (int i = 0; i < sites.size(); i++) {
            String token = tokens.isEmpty() ? System.getenv("RENDERFARM_REMOTE_TOKEN") : tokens.get(i);
            all.add(new RemoteSite(uri(sites.get(i), "--remote-site"), token, null));
        }
        String url = publicUrl != null ? publicUrl : file.publicUrl();
        RemoteDelegation.Settings d = RemoteDelegation.Settings.DEFAULTS;
        RemoteDelegation.Settings settings = new RemoteDelegation.Settings(
                seconds(file.remoteGiveUpSeconds(), d.giveUpAfter(), "remoteGiveUpSeconds"),
                seconds(file.remotePollSeconds(), d.pollInterval(), "remotePollSeconds"));
        List<URI> peers = new ArrayList<>();
        for (String peer : file.callbackPeers() == null ? List.<String>of() : file.callbackPeers()) {
            peers.add(uri(peer, "callbackPeers[]"));
        }
        for (String peer : callbackPeers) {
            peers.add(uri(peer, "--callback-peer"));
        }
        return new RemoteSites(all, url == null ? null : uri(url, "publicUrl"), settings, peers);
    }

    private static FileForm read(Path file, PrintStream warnings) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--config: no such file " + file);
        }
        warnIfReadableByOthers(file, warnings);
        try {
            return SiteJson.strict().readValue(Files.readAllBytes(file), FileForm.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("--config " + file + ": unknown field '" + e.getPropertyName()
                    + "'; known are " + e.getKnownPropertyIds());
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(
                    "--config " + file + ": " + e.getOriginalMessage().replaceAll(" \\(class [^)]*\\)", ""));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--config " + file + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Tokens in a file anyone on the machine can read are as good as public. */
    private static void warnIfReadableByOthers(Path file, PrintStream warnings) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ)) {
                warnings.println("renderfarm: warning: " + file + " may hold tokens and other users can read it;"
                        + " chmod 600 " + file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }

    private static URI uri(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must be an http(s) URL");
        }
        try {
            URI uri = new URI(value.strip());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(what + " must be an http(s) URL with a host, got " + value);
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(what + " is not a URL: " + value);
        }
    }

    private static Duration seconds(Integer value, Duration fallback, String what) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new IllegalArgumentException("--config: " + what + " must be at least 1");
        }
        return Duration.ofSeconds(value);
    }
}

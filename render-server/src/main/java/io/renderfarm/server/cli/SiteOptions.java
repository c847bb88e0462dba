package io.renderfarm.server.cli;

import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import java.net.URI;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every site client command shares: which site, and its token. Without {@code --site} the site is
 * {@code $RENDERFARM_SITE}, else {@link #DEFAULT_SITE}, where {@code renderfarm serve} listens by default.
 */
final class SiteOptions {
    /** {@code serve}'s default address and port. */
    static final String DEFAULT_SITE = "http://127.0.0.1:8765";

    @Option(
            names = "--site",
            paramLabel = "URL",
            description =
                    "The site (default: $RENDERFARM_SITE, else " + DEFAULT_SITE + ", where serve listens by default).")
    String site;

    @Option(
            names = "--token",
            paramLabel = "T",
            defaultValue = "${env:RENDERFARM_TOKEN}",
            description = "The site's token (default: $RENDERFARM_TOKEN).")
    String token;

    /** The JOB argument, refused (exit 2) when it cannot name a job on any site. */
    static String jobId(String job) {
        if (!SiteProtocol.isJobId(job)) {
            throw new IllegalArgumentException("'" + job + "' is not a job id: a job id is lower-case letters, digits"
                    + " and '-' (`renderfarm status --site URL` lists the jobs)");
        }
        return job;
    }

    SiteClient client() {
        String url = url(System.getenv());
        try {
            return new SiteClient(URI.create(url.strip()), token);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad --site '" + url + "': " + e.getMessage());
        }
    }

    /** The site's URL: {@code --site}, else {@code RENDERFARM_SITE} from {@code env}, else the default. */
    String url(Map<String, String> env) {
        if (site != null) {
            return site;
        }
        String fromEnv = env.get("RENDERFARM_SITE");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_SITE;
    }
}

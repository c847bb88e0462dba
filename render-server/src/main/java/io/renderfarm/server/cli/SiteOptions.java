package io.renderfarm.server.cli;

import io.renderfarm.engine.site.SiteClient;
import io.renderfarm.engine.site.SiteProtocol;
import java.net.URI;
import picocli.CommandLine.Option;

/** The options every site client command shares: which site, and its token. */
final class SiteOptions {
    @Option(names = "--site", required = true, paramLabel = "URL", description = "The site, e.g. http://127.0.0.1:8765")
    String site;

    @Option(names = "--token", paramLabel = "T", defaultValue = "${env:RENDERFARM_TOKEN}",
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
        try {
            return new SiteClient(URI.create(site.strip()), token);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad --site '" + site + "': " + e.getMessage());
        }
    }
}

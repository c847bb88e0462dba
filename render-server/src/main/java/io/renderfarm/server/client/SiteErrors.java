package io.renderfarm.server.client;

import io.renderfarm.engine.site.protocol.SiteException;

/**
 * Puts what a site answered into a sentence for the terminal: the site's own one-line {@code detail} says what was
 * wrong, so it leads; the HTTP status follows in brackets for whoever reads the site's log beside it.
 */
public final class SiteErrors {
    private SiteErrors() {}

    /** The line after {@code renderfarm: } for a refused or failed request. */
    public static String sentence(SiteException e) {
        if (e.status() == 0) {
            return e.getMessage(); // no answer: "cannot reach the site …: connection refused"
        }
        String detail = e.problem() != null && e.problem().detail() != null
                ? e.problem().detail()
                : stripStatus(e.getMessage());
        if (e.status() == 401) {
            return "the site refused: " + detail + " (HTTP 401; give its token with --token or $RENDERFARM_TOKEN)";
        }
        return (e.status() >= 500 ? "the site failed: " : "the site refused: ") + detail + " (HTTP " + e.status() + ")";
    }

    private static String stripStatus(String message) {
        return message == null ? "no details" : message.replaceFirst("^site answered \\d+: ", "");
    }
}

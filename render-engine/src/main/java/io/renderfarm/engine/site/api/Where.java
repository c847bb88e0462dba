package io.renderfarm.engine.site.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a client wants its job rendered: on the site's own slots, forwarded to a remote site, or wherever the
 * site decides is sooner. The site records its {@link Decision} on the job.
 */
public enum Where {
    LOCAL,
    REMOTE,
    AUTO;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code local}, {@code remote} or {@code auto}, any case. */
    @JsonCreator
    public static Where fromWireName(String value) {
        for (Where w : values()) {
            if (w.name().equalsIgnoreCase(value == null ? "" : value.strip())) {
                return w;
            }
        }
        throw new IllegalArgumentException("where must be local, remote or auto, got '" + value + "'");
    }
}

package io.renderfarm.engine.site.protocol;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON settings of the protocol. A site reads requests strictly (an unknown field is a 400, so a typo never
 * silently becomes a default); a client reads answers leniently, so a newer site may add fields. Both refuse
 * anything after the one JSON value (a valid request followed by garbage is not a valid request).
 */
public final class SiteJson {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SiteJson() {}

    /** For a site reading requests. Thread-safe; do not reconfigure. */
    public static ObjectMapper strict() {
        return STRICT;
    }

    /** For a client reading answers and events. Thread-safe; do not reconfigure. */
    public static ObjectMapper lenient() {
        return LENIENT;
    }
}

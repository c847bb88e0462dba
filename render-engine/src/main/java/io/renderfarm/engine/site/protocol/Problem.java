package io.renderfarm.engine.site.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of every error answer (RFC 9457 {@code application/problem+json}): a stable {@code type}, a short
 * {@code title}, the HTTP {@code status} and a {@code detail} line that says what was wrong with the request.
 * {@code missing} lists file hashes when a submit named content the site does not hold.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<String> missing) {
    public Problem(String type, String title, int status, String detail) {
        this(type, title, status, detail, null);
    }
}

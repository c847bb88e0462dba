package io.renderfarm.engine.site.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The remote side of a delegated job, as the delegating site's job resource reports it.
 *
 * @param site       the remote site's URL
 * @param job        the remote site's job id, once it accepted the job (null while files are being sent)
 * @param notifiedAt ISO-8601 instant the remote site's signed completion notice arrived, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RemoteJob(String site, String job, String notifiedAt) {}

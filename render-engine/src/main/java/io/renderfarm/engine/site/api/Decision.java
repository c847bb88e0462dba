package io.renderfarm.engine.site.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a site decided to render a job and why, as the job resource and the {@code decision} event report it.
 *
 * @param where  {@link Where#LOCAL} or {@link Where#REMOTE}, never AUTO
 * @param reason one line a person reads: "where=local was asked", "no remote site is configured"
 * @param site   the remote site's URL when remote, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(Where where, String reason, String site) {}

package io.renderfarm.engine.site.protocol;

import io.renderfarm.engine.event.JobEvent;

/**
 * A job event as a site streams it: the event and its sequence number within the job ({@code id:} of the SSE
 * record). Live-only events (progress) have id 0; a client resumes after the highest id it saw.
 */
public record SiteEvent(long id, JobEvent event) {}

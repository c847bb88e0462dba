package io.renderfarm.engine.site.api;

/** Body of {@code POST /api/jobs/{id}/priority}: the job's new priority, 0..100. */
public record PriorityRequest(Integer priority) {}

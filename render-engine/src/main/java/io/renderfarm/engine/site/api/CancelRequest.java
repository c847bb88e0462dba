package io.renderfarm.engine.site.api;

/** Body of {@code POST /api/jobs/{id}/cancel}; the reason shows in the job's {@code canceled} event. */
public record CancelRequest(String reason) {}

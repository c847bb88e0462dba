package io.renderfarm.engine.site.api;

import java.util.List;

/** Body of {@code GET /api/jobs}: the site's jobs, newest first. */
public record JobList(List<JobView> jobs) {}

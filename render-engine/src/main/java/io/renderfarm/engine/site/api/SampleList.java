package io.renderfarm.engine.site.api;

import java.util.List;

/** Body of {@code GET /api/jobs/{id}/samples}. */
public record SampleList(List<SampleView> samples) {}

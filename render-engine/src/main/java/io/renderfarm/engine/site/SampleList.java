package io.renderfarm.engine.site;

import java.util.List;

/** Body of {@code GET /api/jobs/{id}/samples}. */
public record SampleList(List<SampleView> samples) {}

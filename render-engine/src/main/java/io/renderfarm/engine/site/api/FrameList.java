package io.renderfarm.engine.site.api;

import java.util.List;

/** Body of {@code GET /api/jobs/{id}/frames}: every frame of the job in frame order. */
public record FrameList(List<FrameView> frames) {}

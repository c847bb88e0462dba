package io.renderfarm.engine.site.api;

import java.util.List;

/** Body of {@code GET /api/jobs/{id}/chunks}: every chunk attempt of the job in the order they started. */
public record ChunkList(List<ChunkView> chunks) {}

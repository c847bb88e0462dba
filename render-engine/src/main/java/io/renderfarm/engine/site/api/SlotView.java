package io.renderfarm.engine.site.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.renderfarm.engine.capability.SlotStatus;

/** One render slot in the site's resource database, with the chunk it renders now, if any. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SlotView(String id, String host, SlotStatus status, String job, Integer chunk, String frames) {}

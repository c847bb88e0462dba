package io.renderfarm.engine.capability;

import java.io.Serializable;
import java.util.Objects;

/**
 * One entry of the resource database: a place that renders one chunk at a time (a slot of the standalone
 * site, a Jenkins agent executor) with what its machine offers and its current status.
 *
 * @param id           unique within its farm ({@code slot-1}, {@code agent-7#0})
 * @param host         the machine it runs on
 * @param capabilities what the machine offers
 * @param status       idle, busy or offline
 */
public record RenderSlot(String id, String host, Capabilities capabilities, SlotStatus status) implements Serializable {
    public RenderSlot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(status, "status");
    }

    public RenderSlot withStatus(SlotStatus value) {
        return new RenderSlot(id, host, capabilities, value);
    }
}

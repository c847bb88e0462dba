package io.renderfarm.engine.local;

import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.farm.ChunkExecution;
import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.farm.RenderFarm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A farm whose slots are one-slot {@link LocalSlotFarm}s, each with its own renderer executables, so a test can give
 * one slot a wrapper around the real renderer (a slot on a broken machine) while the others run it as it is. Slot
 * {@code i} of the list is {@code slot-<i+1>}. Closing it closes every farm.
 */
final class RoutedSlotFarm implements RenderFarm, AutoCloseable {
    private final Map<String, LocalSlotFarm> farms = new LinkedHashMap<>();

    RoutedSlotFarm(List<LocalSlotFarm> slots) {
        for (int i = 0; i < slots.size(); i++) {
            farms.put("slot-" + (i + 1), slots.get(i));
        }
    }

    @Override
    public List<RenderSlot> slots() {
        List<RenderSlot> list = new ArrayList<>();
        farms.forEach((id, farm) -> {
            RenderSlot inner = farm.slots().get(0);
            list.add(new RenderSlot(id, inner.host(), inner.capabilities(), inner.status()));
        });
        return list;
    }

    @Override
    public ChunkExecution start(RenderSlot slot, ChunkWork work, ChunkListener listener) {
        LocalSlotFarm farm = farms.get(slot.id());
        if (farm == null) {
            throw new IllegalArgumentException("no slot " + slot.id());
        }
        return farm.start(farm.slots().get(0), work, listener);
    }

    @Override
    public void close() {
        farms.values().forEach(LocalSlotFarm::close);
    }
}

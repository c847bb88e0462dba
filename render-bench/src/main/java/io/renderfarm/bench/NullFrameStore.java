package io.renderfarm.bench;

import io.renderfarm.engine.store.FrameStore;
import io.renderfarm.engine.store.StoredFrame;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.nio.file.Path;
import java.util.Map;

/**
 * A {@link FrameStore} that accepts every frame and sample without writing anything, so a dispatch benchmark
 * measures the scheduler rather than the disk. The rendered file is left in place (the no-op farm reuses it).
 */
final class NullFrameStore implements FrameStore {
    @Override
    public Map<Integer, StoredFrame> verifiedFrames() {
        return Map.of();
    }

    @Override
    public StoredFrame putFrame(int frame, String fileName, Path rendered, VerifiedFrame verified) {
        return new StoredFrame(frame, fileName, verified.sha256(), verified.bytes());
    }

    @Override
    public String putSample(String name, Path image) {
        return name;
    }

    @Override
    public String putSample(String name, byte[] image) {
        return name;
    }
}

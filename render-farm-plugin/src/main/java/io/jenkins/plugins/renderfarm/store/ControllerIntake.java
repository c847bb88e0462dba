package io.jenkins.plugins.renderfarm.store;

import io.renderfarm.engine.store.FrameReceiver;
import jenkins.util.SystemProperties;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The controller's one {@link FrameReceiver}, shared by every render on it, so the bounds hold across all builds
 * and agents: at most {@value #DEFAULT_STREAMS} frames (system property {@code <this class>.streams}) stream from
 * agents into artifacts at once, others wait their turn, and a frame over 4 GiB ({@code <this class>.maxFrameBytes})
 * is refused before a byte of it moves. Each stream holds one 256 KiB buffer, whatever the frame's size.
 */
public final class ControllerIntake {
    static final String MAX_FRAME_BYTES = ControllerIntake.class.getName() + ".maxFrameBytes";
    static final String STREAMS = ControllerIntake.class.getName() + ".streams";
    static final int DEFAULT_STREAMS = 4;

    private static volatile FrameReceiver receiver = new FrameReceiver(
            SystemProperties.getLong(MAX_FRAME_BYTES, FrameReceiver.DEFAULT_MAX_BYTES),
            SystemProperties.getInteger(STREAMS, DEFAULT_STREAMS),
            "system property " + MAX_FRAME_BYTES);

    private ControllerIntake() {
    }

    public static FrameReceiver receiver() {
        return receiver;
    }

    /** For tests: other limits from now on. */
    @Restricted(NoExternalUse.class)
    public static void limit(long maxFrameBytes, int streams) {
        receiver = new FrameReceiver(maxFrameBytes, streams, "system property " + MAX_FRAME_BYTES);
    }
}

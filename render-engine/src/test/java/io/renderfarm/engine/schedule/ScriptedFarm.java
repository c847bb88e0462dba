package io.renderfarm.engine.schedule;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.farm.ChunkEnd;
import io.renderfarm.engine.farm.ChunkExecution;
import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.farm.FrameCheck;
import io.renderfarm.engine.farm.RenderFarm;
import io.renderfarm.engine.render.FailureKind;
import io.renderfarm.engine.sample.ProxySampler;
import io.renderfarm.engine.verify.InvalidFrameException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;

/**
 * A stand-in {@link RenderFarm} for dispatch tests: slots "render" by writing small real PNGs, and a script per
 * slot makes them fail, hang, write nothing or write garbage. Not a renderer: rendering itself is proven by the
 * tests with real Blender and POV-Ray.
 */
final class ScriptedFarm implements RenderFarm {
    /**
     * FAIL fails as a slot error (the slot's fault), SCENE_ERROR as the scene's, FAIL_UNKNOWN with the same message
     * on every slot and no kind, as a farm that cannot tell would. RENDER_EXR writes OpenEXR frames; CORRUPT_EXR cut
     * ones, as a renderer killed while saving leaves them.
     */
    enum Behaviour {
        RENDER,
        FAIL,
        HANG,
        EXIT_WITHOUT_OUTPUT,
        CORRUPT_OUTPUT,
        CHANGED_AFTER_CHECK,
        SCENE_ERROR,
        FAIL_UNKNOWN,
        RENDER_EXR,
        CORRUPT_EXR
    }

    static final Capabilities BLENDER_BOX = new Capabilities(Map.of("blender", "3.4.1"), 4, 8192, false);

    private final Path scratch;
    private final List<String> ids = new ArrayList<>();
    private final Map<String, SlotStatus> status = new ConcurrentHashMap<>();
    private final Map<String, Behaviour> behaviour = new ConcurrentHashMap<>();
    private final Map<String, Capabilities> capabilities = new ConcurrentHashMap<>();
    final List<String> started = new CopyOnWriteArrayList<>();
    /** Frames of the chunks handed out as the job's tail, in start order. */
    final List<String> tails = new CopyOnWriteArrayList<>();

    final List<Integer> renderedFrames = new CopyOnWriteArrayList<>();
    private final List<AtomicBoolean> hanging = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    /** Frames are checked "on the render host" and delivered as checked bytes, as Jenkins agents deliver them. */
    private volatile boolean checkOnHost;

    ScriptedFarm(Path scratch, int slots) {
        this.scratch = scratch;
        for (int i = 1; i <= slots; i++) {
            String id = "slot-" + i;
            ids.add(id);
            status.put(id, SlotStatus.IDLE);
            behaviour.put(id, Behaviour.RENDER);
            capabilities.put(id, BLENDER_BOX);
        }
    }

    ScriptedFarm script(String slot, Behaviour b) {
        behaviour.put(slot, b);
        return this;
    }

    /** Delivers every frame as a Jenkins agent does: checked here, then its bytes streamed by the job run. */
    ScriptedFarm checkingOnHost() {
        checkOnHost = true;
        return this;
    }

    ScriptedFarm status(String slot, SlotStatus value) {
        status.put(slot, value);
        return this;
    }

    ScriptedFarm capabilities(String slot, Capabilities c) {
        capabilities.put(slot, c);
        return this;
    }

    @Override
    public List<RenderSlot> slots() {
        List<RenderSlot> list = new ArrayList<>();
        for (String id : ids) {
            list.add(new RenderSlot(id, "test-host", capabilities.get(id), status.get(id)));
        }
        return list;
    }

    @Override
    public ChunkExecution start(RenderSlot slot, ChunkWork work, ChunkListener listener) {
        // A provisionable slot stays one while its chunk runs, as a Jenkins farm reports a cloud's slot.
        SlotStatus resting =
                status.get(slot.id()) == SlotStatus.PROVISIONABLE ? SlotStatus.PROVISIONABLE : SlotStatus.IDLE;
        status.put(slot.id(), resting == SlotStatus.PROVISIONABLE ? SlotStatus.PROVISIONABLE : SlotStatus.BUSY);
        started.add(slot.id() + ":" + work.frames() + (work.isPreview() ? ":preview" : ""));
        if (work.tail()) {
            tails.add(work.frames().toString());
        }
        AtomicBoolean canceled = new AtomicBoolean();
        hanging.add(canceled);
        threads.execute(() -> {
            Behaviour scripted = behaviour.get(slot.id());
            String failure = run(slot.id(), work, listener, canceled);
            status.put(slot.id(), resting);
            if (failure == null || scripted == Behaviour.FAIL_UNKNOWN) {
                listener.finished(failure);
            } else {
                FailureKind kind = scripted == Behaviour.SCENE_ERROR ? FailureKind.SCENE : FailureKind.SLOT;
                listener.finished(ChunkEnd.failed(failure, kind, work.frames().first(), 1));
            }
        });
        return () -> canceled.set(true);
    }

    private String run(String slot, ChunkWork work, ChunkListener listener, AtomicBoolean canceled) {
        switch (behaviour.get(slot)) {
            case FAIL:
                return "scripted failure on " + slot;
            case SCENE_ERROR:
                return "Parse Error: No matching } in 'sphere'";
            case FAIL_UNKNOWN:
                listener.output("Error: something the adapter does not know");
                return "renderer exited with code 1: something the adapter does not know";
            case HANG:
                while (!canceled.get()) {
                    Thread.onSpinWait();
                    try {
                        Thread.sleep(5); // a hung renderer: nothing happens until the job kills it
                    } catch (InterruptedException e) {
                        return "interrupted";
                    }
                }
                return "killed";
            case EXIT_WITHOUT_OUTPUT:
                return null;
            default:
                break;
        }
        // As an agent makes them: an OpenEXR frame's samples after the frame, on a thread of their own.
        ProxySampler proxies = checkOnHost ? new ProxySampler(true) : null;
        try {
            for (int frame : work.frames()) {
                if (canceled.get()) {
                    return "canceled";
                }
                listener.progress(frame, 0.5);
                Path file = render(slot, work, frame);
                if (checkOnHost) {
                    deliverChecked(
                            listener, work, frame, file, behaviour.get(slot) == Behaviour.CHANGED_AFTER_CHECK, proxies);
                } else {
                    listener.frameRendered(frame, file);
                }
            }
            return null;
        } finally {
            if (proxies != null) {
                try {
                    proxies.drain(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private Path render(String slot, ChunkWork work, int frame) {
        Path file = scratch.resolve(slot + "-" + work.chunkId() + "-" + frame + ".png");
        Behaviour b = behaviour.get(slot);
        if (b == Behaviour.CORRUPT_OUTPUT) {
            write(file, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0});
        } else if ((b == Behaviour.RENDER_EXR || b == Behaviour.CORRUPT_EXR) && !work.isPreview()) {
            byte[] exr = io.renderfarm.engine.verify.ExrTesting.scanline(64, 48);
            file = scratch.resolve(slot + "-" + work.chunkId() + "-" + frame + ".exr");
            write(file, b == Behaviour.CORRUPT_EXR ? java.util.Arrays.copyOf(exr, exr.length - 20) : exr);
            if (b == Behaviour.RENDER_EXR) {
                renderedFrames.add(frame);
            }
        } else {
            writePng(file, work.isPreview() ? 16 : 64, work.isPreview() ? 12 : 48, frame);
            if (!work.isPreview()) {
                renderedFrames.add(frame);
            }
        }
        return file;
    }

    private static void deliverChecked(
            ChunkListener listener, ChunkWork work, int frame, Path file, boolean change, ProxySampler proxies) {
        FrameCheck.Inspected found;
        try {
            found = new FrameCheck().inspect(file, work.isPreview());
        } catch (InvalidFrameException e) {
            listener.frameRefused(frame, e.getMessage());
            return;
        }
        if (change) {
            writePng(file, 64, 48, frame + 1); // the file changes between the host's check and the transfer
        }
        listener.frameChecked(frame, found.checked(), () -> Files.newInputStream(file));
        if (found.proxySource() != null) {
            proxies.submit(frame, found.proxySource(), listener::frameSamples);
        }
    }

    static void writePng(Path file, int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < w; x++) {
            img.setRGB(x, seed % h, 0xff8800);
        }
        try {
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.renderfarm.engine.local;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.GpuAssignment;
import io.renderfarm.engine.capability.GpuDevice;
import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.capability.SlotMatcher;
import io.renderfarm.engine.capability.SlotStatus;
import io.renderfarm.engine.farm.ChunkEnd;
import io.renderfarm.engine.farm.ChunkExecution;
import io.renderfarm.engine.farm.ChunkListener;
import io.renderfarm.engine.farm.ChunkWork;
import io.renderfarm.engine.farm.ForwardingChunkListener;
import io.renderfarm.engine.farm.RenderFarm;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.render.Renderer;
import io.renderfarm.engine.render.RendererSandbox;
import io.renderfarm.engine.render.Renderers;
import io.renderfarm.engine.render.resident.ResidentKey;
import io.renderfarm.engine.render.resident.ResidentSlot;
import io.renderfarm.engine.render.resident.ResidentSlots;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link RenderFarm} of render slots on this one machine: each slot runs one renderer process at a time. With
 * no threads per slot in the profile, each process gets an equal share of the cores so slots do not fight.
 *
 * <p>One GPU per slot: besides its CPU slots ({@code slot-1} …), a machine whose capabilities list N GPUs offers N
 * GPU slots ({@code gpu-1} … for the first, second … GPU listed), each seeing only its own GPU
 * ({@link GpuAssignment#environmentOf}) and offering only it, so GPU jobs go to GPU slots and never share a card.
 * CPU slots then offer no GPU. A GPU slot takes CPU jobs too.
 *
 * <p>With resident Blender (the default), each slot keeps one Blender process with the scene loaded and feeds it
 * the frames of its Blender chunks (see {@link ResidentSlot}): start-up and scene load are paid once per slot
 * instead of once per chunk, so single-frame chunks cost no more than long ones. Renderers whose adapter does not
 * {@linkplain Renderer#supportsResident() support resident processes} (POV-Ray) run a process per chunk either
 * way. POV-Ray runs confined to its scene's folder and its output by the farm's {@link RendererSandbox}, which also
 * decides whether Blender may run scene scripts. {@link #close()} kills every renderer the farm started.
 * Thread-safe.
 */
public final class LocalSlotFarm implements RenderFarm, AutoCloseable {
    private final String host;
    private final Capabilities capabilities;
    private final Path scratchRoot;
    private final Map<String, String> executables;
    private final RendererSandbox sandbox;
    private final SlotStatus[] status;
    private final String[] ids;
    private final Capabilities[] slotCapabilities;
    /** Per slot, its GPU; null for a CPU slot. */
    private final GpuDevice[] gpus;

    private final ExecutorService workers;
    private final AtomicLong runs = new AtomicLong();
    /** Null without resident Blender. */
    private final ResidentSlots residents;

    /** How long a slot's idle resident Blender waits for the slot's next chunk before it is ended. */
    public static final Duration RESIDENT_IDLE_TIMEOUT = Duration.ofSeconds(2);

    /** A farm with resident Blender processes; see {@link #LocalSlotFarm(int, Capabilities, Path, Map, boolean)}. */
    public LocalSlotFarm(int slots, Capabilities capabilities, Path scratchRoot, Map<String, String> executables) {
        this(slots, capabilities, scratchRoot, executables, true);
    }

    /**
     * A farm confining renderers as this process's environment says ({@link RendererSandbox#fromEnvironment()}),
     * running no scene scripts.
     *
     * @param residentBlender whether each slot keeps a resident Blender process for its Blender chunks; false starts
     *                        a renderer process for every chunk
     */
    public LocalSlotFarm(
            int slots,
            Capabilities capabilities,
            Path scratchRoot,
            Map<String, String> executables,
            boolean residentBlender) {
        this(slots, capabilities, scratchRoot, executables, residentBlender, RendererSandbox.fromEnvironment());
    }

    /**
     * @param sandbox confines the renderers whose adapters name their file access (POV-Ray), and decides whether
     *                profiles asking for scene scripts get them
     */
    public LocalSlotFarm(
            int slots,
            Capabilities capabilities,
            Path scratchRoot,
            Map<String, String> executables,
            boolean residentBlender,
            RendererSandbox sandbox) {
        if (slots < 1) {
            throw new IllegalArgumentException("a farm needs at least one slot, got " + slots);
        }
        this.host = hostName();
        this.capabilities = capabilities;
        this.scratchRoot = scratchRoot;
        this.executables = Map.copyOf(executables);
        this.sandbox = sandbox;
        int total = slots + capabilities.gpus().size();
        this.status = new SlotStatus[total];
        this.ids = new String[total];
        this.slotCapabilities = new Capabilities[total];
        this.gpus = new GpuDevice[total];
        java.util.Arrays.fill(status, SlotStatus.IDLE);
        Capabilities cpu = capabilities.gpus().isEmpty() ? capabilities : capabilities.withoutGpus();
        for (int i = 0; i < slots; i++) {
            ids[i] = "slot-" + (i + 1);
            slotCapabilities[i] = cpu;
        }
        for (int g = 0; g < capabilities.gpus().size(); g++) {
            GpuDevice gpu = capabilities.gpus().get(g);
            ids[slots + g] = "gpu-" + (g + 1);
            slotCapabilities[slots + g] = capabilities.withOnlyGpu(gpu);
            gpus[slots + g] = gpu;
        }
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-slot");
            t.setDaemon(true);
            return t;
        });
        this.residents = residentBlender ? new ResidentSlots(scratchRoot, RESIDENT_IDLE_TIMEOUT) : null;
    }

    /** Whether Blender chunks render in the slots' resident processes. */
    public boolean residentBlender() {
        return residents != null;
    }

    @Override
    public synchronized List<RenderSlot> slots() {
        List<RenderSlot> list = new ArrayList<>(status.length);
        for (int i = 0; i < status.length; i++) {
            list.add(new RenderSlot(ids[i], host, slotCapabilities[i], status[i]));
        }
        return list;
    }

    @Override
    public ChunkExecution start(RenderSlot slot, ChunkWork work, ChunkListener listener) {
        int index = indexOf(slot.id());
        synchronized (this) {
            if (status[index] != SlotStatus.IDLE) {
                return null;
            }
            status[index] = SlotStatus.BUSY;
        }
        int threads = threadsFor(work);
        Path scratch = scratchRoot.resolve(work.job().id() + "-c" + work.chunkId() + "-" + runs.incrementAndGet());
        LocalChunk chunk = new LocalChunk(
                work,
                scratch,
                threads,
                executables,
                resident(index),
                sandbox,
                gpus[index],
                new ForwardingChunkListener(listener) {
                    @Override
                    protected void ending(ChunkEnd end) {
                        synchronized (LocalSlotFarm.this) {
                            status[index] = SlotStatus.IDLE;
                        }
                    }
                });
        workers.execute(chunk::run);
        if (residents == null) {
            return chunk;
        }
        return () -> {
            chunk.cancel();
            // A cancel (or a timeout) means work is going away: idle resident renderers must not outlive it.
            residents.discardIdle();
        };
    }

    /**
     * Starts the resident Blender of every idle slot that can render the job and has none on the job's scene, so the
     * scene loads while the job run checks its store and plans; the slots' first chunks then find it loaded. A slot
     * keeping another job's process keeps it. Nothing for a renderer without
     * {@linkplain Renderer#supportsResident() resident support}, for a scene the renderer would refuse, or on a
     * machine without the renderer.
     */
    @Override
    public void prepare(RenderJob job) {
        Renderer renderer = Renderers.find(job.renderer()).orElse(null);
        if (residents == null
                || renderer == null
                || !renderer.supportsResident()
                || !capabilities.renderers().containsKey(renderer.name())
                || renderer.rejectScene(job.scene()).isPresent()) {
            return;
        }
        ResidentKey key;
        try {
            key = ResidentKey.of(
                    executables.getOrDefault(renderer.name(), renderer.defaultExecutable()),
                    job.scene(),
                    sandbox.sceneScripts(job.profile().allowScripts()));
        } catch (IOException unreadable) {
            return;
        }
        for (int i = 0; i < status.length; i++) {
            synchronized (this) {
                if (status[i] != SlotStatus.IDLE) {
                    continue;
                }
            }
            if (!SlotMatcher.match(job.profile(), new RenderSlot(ids[i], host, slotCapabilities[i], SlotStatus.IDLE))
                    .capable()) {
                continue; // a CPU slot never renders a GPU job: no Blender of its scene there
            }
            ResidentSlot slot = resident(i);
            workers.execute(() -> slot.warm(key));
        }
    }

    /**
     * The profile's threads per slot, else an equal share of the cores so slots do not fight; the job's tail chunk
     * gets every core, since the slots that finish before it stay idle (the OS shares the cores while the other
     * slots' last frames still run).
     */
    int threadsFor(ChunkWork work) {
        if (work.job().profile().threadsPerSlot() > 0) {
            return work.job().profile().threadsPerSlot();
        }
        return work.tail() ? Math.max(1, capabilities.cores()) : Math.max(1, capabilities.cores() / status.length);
    }

    private int indexOf(String slotId) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i].equals(slotId)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no slot " + slotId + " in this farm");
    }

    /** The slot's resident Blender holder, its processes seeing only the slot's GPU; null without resident Blender. */
    private ResidentSlot resident(int index) {
        if (residents == null) {
            return null;
        }
        return gpus[index] == null
                ? residents.slot(ids[index])
                : residents.slot(ids[index], GpuAssignment.environmentOf(gpus[index]));
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** Stops the slots: running chunks are interrupted and every resident renderer is killed. */
    @Override
    public void close() {
        workers.shutdownNow();
        if (residents != null) {
            residents.close();
        }
    }
}

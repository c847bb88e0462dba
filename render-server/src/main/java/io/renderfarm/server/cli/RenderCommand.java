package io.renderfarm.server.cli;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.CapabilityProbe;
import io.renderfarm.engine.capability.RendererVersionCache;
import io.renderfarm.engine.chunklog.ChunkAttempt;
import io.renderfarm.engine.event.JobEventSink;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.frames.FrameSetException;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.local.LocalSlotFarm;
import io.renderfarm.engine.render.RendererSandbox;
import io.renderfarm.engine.render.Renderers;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.schedule.JobRun;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.time.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code renderfarm render SCENE --frames SPEC --out DIR}: renders a frame range on this machine's render slots,
 * showing progress (a bar on a terminal, JSON lines with {@code --json}). Every chunk attempt's renderer output is
 * kept in {@code DIR/.renderfarm/logs/} ({@code chunk-log} events name each file; a failed one's last lines are
 * printed). Exit code 0 only when every frame is
 * rendered and verified; 1 when the job failed; 2 for refused input; 130 after Ctrl-C.
 */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        description = "Render frames of a Blender or POV-Ray scene on this machine.")
final class RenderCommand implements Callable<Integer> {
    /** The clock of the job's run and its id. */
    Clock clock = Clock.SYSTEM;

    @Parameters(index = "0", paramLabel = "SCENE", description = "The scene file (.blend or .pov).")
    Path scene;

    @Option(
            names = "--frames",
            required = true,
            paramLabel = "SPEC",
            description = "Frames to render: 1-100, 1-100x5 (every 5th), 1,5,9-12.")
    String frames;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the frames and samples/.")
    Path out;

    @Mixin
    ProfileOptions options;

    @Option(names = "--slots", paramLabel = "N", defaultValue = "2", description = ProbeCommand.SLOTS_HELP)
    int slots;

    @Option(
            names = "--await-approval",
            description = "Pause after the preview pass until you approve on standard input.")
    boolean awaitApproval;

    @Option(names = "--json", description = "Print one JSON event per line instead of a progress bar.")
    boolean json;

    @Option(names = "--no-resident", description = "Start a Blender process per chunk instead of keeping one per slot.")
    boolean noResident;

    @Override
    public Integer call() throws Exception {
        RenderJob job;
        try {
            job = buildJob();
        } catch (FrameSetException e) {
            return refuse("bad --frames: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return refuse(e.getMessage());
        }
        RendererInstall.forThisProcess().ensure(List.of(job.renderer()));
        System.err.println("renderfarm: frames go to " + out.toAbsolutePath().normalize());
        DirectoryFrameStore store = new DirectoryFrameStore(out);
        Capabilities caps = new CapabilityProbe()
                .withVersionCache(RendererVersionCache.inUserCache())
                .probe(List.of(Renderers.forName(job.renderer())));
        // The user's own scenes on the user's own machine: a profile may ask for their scripts.
        RendererSandbox sandbox = RendererSandbox.fromEnvironment().allowingSceneScripts();
        try (LocalSlotFarm farm = new LocalSlotFarm(slots, caps, store.scratchRoot(), Map.of(), !noResident, sandbox)) {
            farm.prepare(job); // the scene loads while the printer and the job run are set up
            JobEventSink printer = json ? new JsonLinesPrinter(System.out) : ProgressPrinter.forTerminal(System.out);
            ApprovalPrompt approval = new ApprovalPrompt(store.directory().resolve(DirectoryFrameStore.SAMPLES_DIR));
            // The logs of an earlier render into this folder stay: this run's chunks are numbered after theirs.
            JobRun run = new JobRun(job, farm, store, printer.andThen(approval), clock)
                    .numberingChunksFrom(ChunkAttempt.firstFreeChunk(store.logsDirectory()));
            approval.attach(run);
            Interrupts.onCtrlC(() -> run.cancel("interrupted (Ctrl-C)"));
            JobResult result = run.start().completion().get();
            return switch (result.state()) {
                case SUCCEEDED -> 0;
                case CANCELED -> RenderFarmCli.EXIT_CANCELED;
                default -> {
                    if (!json) {
                        System.err.println("renderfarm: job failed: " + result.reason());
                    }
                    yield 1;
                }
            };
        }
    }

    private int refuse(String message) {
        System.err.println("renderfarm: " + message);
        return RenderFarmCli.EXIT_USAGE;
    }

    RenderJob buildJob() throws IOException {
        if (!Files.exists(scene)) {
            throw new IllegalArgumentException("scene not found: " + scene);
        }
        OutputFolder.check(out);
        if (slots < 1 || slots > 256) {
            throw new IllegalArgumentException("--slots must be 1..256, got " + slots);
        }
        FrameSet frameSet = FrameSet.parse(frames);
        JobProfile jobProfile = options.profileFor(scene);
        if (!options.noPreview && awaitApproval) {
            PreviewSettings p = jobProfile.preview();
            jobProfile = jobProfile.withPreview(
                    new PreviewSettings(true, Math.max(1, p.frames()), p.resolutionPercent(), p.samples(), true));
        }
        String name = options.prefix != null ? options.prefix : defaultPrefix(scene);
        return new RenderJob(
                "render-" + Long.toString(clock.instant().toEpochMilli(), 36),
                scene.toAbsolutePath(),
                frameSet,
                OutputNaming.withPrefix(name),
                jobProfile,
                List.of());
    }

    private static String defaultPrefix(Path scene) {
        String file = String.valueOf(scene.getFileName());
        int dot = file.lastIndexOf('.');
        String base = (dot > 0 ? file.substring(0, dot) : file).replaceAll("[^A-Za-z0-9_.-]", "_");
        if (base.startsWith(".")) {
            base = "_" + base.substring(1);
        }
        return (base.length() > 60 ? base.substring(0, 60) : base) + "_";
    }
}

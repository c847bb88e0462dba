package io.renderfarm.server.cli;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.CapabilityProbe;
import io.renderfarm.engine.capability.RendererVersionCache;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.event.JobEventSink;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.render.RendererProcess;
import io.renderfarm.engine.render.Renderers;
import io.renderfarm.engine.sample.SampleMaker;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.delegation.SiteJobFollower;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.server.client.SubmitSession;
import io.renderfarm.server.site.SiteServer;
import io.renderfarm.server.site.base.SiteConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code renderfarm demo}: the Quick start's main job. Generates a small Blender animation with Blender itself (the
 * script {@value #SCENE_SCRIPT}, copied into the jar), starts a local render site on loopback, submits the scene to
 * it as any client would, follows it — preview samples first, then frames — and brings the verified frames and
 * samples into {@code --out}, then says where they are; frames it holds verified already are kept and not rendered
 * again. The site's web UI is up while the job runs (and after it, with {@code --keep-serving}); the command says
 * so, since its link stops working when the demo ends.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Generate a small Blender animation and render it through a local site, samples first.")
final class DemoCommand implements Callable<Integer> {
    private static final long MAX_FILE_BYTES = 1L << 30;
    /** Where the script that makes the scene lives in the repository; the jar carries a copy. */
    static final String SCENE_SCRIPT = "examples/blender/demo_scene.py";

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "renders/demo",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--frames",
            paramLabel = "N",
            defaultValue = "24",
            description = "Frames in the animation (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--slots", paramLabel = "N", defaultValue = "2", description = ProbeCommand.SLOTS_HELP)
    int slots;

    @Option(
            names = "--port",
            paramLabel = "P",
            defaultValue = "0",
            description = "Port of the local site (default: a free one).")
    int port;

    @Option(
            names = "--keep-serving",
            description = "Keep the local site and its web UI up after the job, until Ctrl-C.")
    boolean keepServing;

    @Option(names = "--json", description = "Print one JSON event per line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (frames < 1 || frames > 10_000) {
            throw new IllegalArgumentException("--frames must be 1..10000, got " + frames);
        }
        Path folder = OutputFolder.check(out);
        RendererInstall.forThisProcess().ensure(List.of("blender"));
        quietSiteLogs();
        Path scene = folder.resolve("scene").resolve("demo.blend");
        if (Files.exists(scene)) {
            System.err.println("renderfarm: the demo scene is " + scene + " (made by " + SCENE_SCRIPT
                    + "; delete it to make it again)");
        } else {
            generate(scene);
        }
        Capabilities machine = new CapabilityProbe()
                .withVersionCache(RendererVersionCache.inUserCache())
                .probe(Renderers.all());
        SiteConfig config = SiteConfig.builder()
                .name("demo")
                .port(port)
                .dataDir(folder.resolve("site-data"))
                .slots(slots)
                .maxFileBytes(MAX_FILE_BYTES)
                .build();
        try (SiteServer site = SiteServer.start(config, machine)) {
            System.err.println("renderfarm: local site at " + site.uri() + " (web UI: open it to watch the samples)");
            SubmitSession session = new SubmitSession(new SiteClient(site.uri(), null), System.err);
            CountDownLatch stop = new CountDownLatch(1);
            Interrupts.onCtrlC(() -> {
                session.cancel("interrupted (Ctrl-C)");
                stop.countDown();
            });
            SubmitSession.Spec spec = new SubmitSession.Spec(
                    scene,
                    List.of(),
                    FrameSet.range(1, frames),
                    JobProfile.defaults("blender").withName("demo"),
                    OutputNaming.withPrefix("demo_"),
                    Where.LOCAL,
                    null);
            if (session.submit(spec, folder) == null) {
                printWhereOutputIs(folder); // every frame is in --out already, verified
                return 0;
            }
            System.err.println("renderfarm: the page is up while the demo runs"
                    + (keepServing ? " and after it, until Ctrl-C" : "; add --keep-serving to keep it up afterwards"));
            System.err.println("renderfarm: frames go to " + folder);
            // This site has no remote site, so where the job renders is no news here; --json keeps every event.
            JobEventSink printer =
                    json ? new JsonLinesPrinter(System.out) : withoutDecision(ProgressPrinter.forTerminal(System.out));
            SiteJobFollower.Outcome outcome = session.follow(folder, printer);
            if (outcome.job().state() != JobState.CANCELED || outcome.job().done() > 0) {
                printWhereOutputIs(folder);
            }
            if (keepServing && outcome.job().state() != JobState.CANCELED) {
                System.err.println("renderfarm: job done; the site stays up at " + site.uri() + " until Ctrl-C");
                stop.await();
            } else {
                System.err.println("renderfarm: the demo's site stops now, and its web UI with it"
                        + (keepServing ? "" : " (--keep-serving keeps it up)"));
            }
            if (outcome.job().state() == JobState.CANCELED) {
                return RenderFarmCli.EXIT_CANCELED;
            }
            return outcome.complete() ? 0 : 1;
        }
    }

    private static JobEventSink withoutDecision(JobEventSink next) {
        return event -> {
            if (!(event instanceof JobEvent.Decision)) {
                next.accept(event);
            }
        };
    }

    private static void printWhereOutputIs(Path folder) {
        Path samples = folder.resolve(DirectoryFrameStore.SAMPLES_DIR);
        System.err.println("renderfarm: frames: " + folder + "/demo_*.png");
        System.err.println("renderfarm: preview samples and thumbnails: " + samples);
        System.err.println("renderfarm: contact sheet: " + samples.resolve("contact-sheet.png"));
        Path movie = samples.resolve(SampleMaker.MOVIE_NAME);
        if (Files.isRegularFile(movie)) { // made only where ffmpeg is installed
            System.err.println("renderfarm: preview movie: " + movie);
        }
    }

    /** The site inside the demo is a detail: its info lines (jobs accepted, resumed) would only repeat the output. */
    private static void quietSiteLogs() {
        System.setProperty("org.slf4j.simpleLogger.log.io.renderfarm", "warn");
    }

    private void generate(Path scene) throws IOException, InterruptedException {
        Files.createDirectories(Objects.requireNonNull(scene.getParent(), "the scene's folder"));
        String script;
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo_scene.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        System.err.println("renderfarm: generating the demo scene " + scene + " with " + SCENE_SCRIPT);
        StringBuilder log = new StringBuilder();
        RendererProcess p = RendererProcess.start(
                List.of(
                        "blender",
                        "-b",
                        "--factory-startup",
                        "--python-exit-code",
                        "1",
                        "--python-expr",
                        script,
                        "--",
                        scene.toString(),
                        Integer.toString(frames),
                        "320",
                        "180",
                        "16"),
                scene.getParent(),
                Map.of(),
                line -> log.append(line).append('\n'));
        int exit = p.waitFor();
        if (exit != 0 || !Files.exists(scene)) {
            throw new IOException("Blender could not generate the demo scene (exit " + exit + "):\n" + log);
        }
    }
}

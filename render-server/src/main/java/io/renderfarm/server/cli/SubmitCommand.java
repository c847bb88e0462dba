package io.renderfarm.server.cli;

import io.renderfarm.engine.event.JobEventSink;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.frames.FrameSetException;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.delegation.SiteJobFollower;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.server.client.SiteErrors;
import io.renderfarm.server.client.SubmitSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code renderfarm submit SCENE --site URL --frames SPEC --out DIR}: sends a scene to a site (only the files it
 * lacks), follows the job with a progress bar or JSON lines (the same events as {@code render --json}, paths
 * pointing into {@code --out}), saves samples and verified frames into {@code --out}; frames {@code --out} already
 * holds verified are kept and not rendered again, as {@code render} keeps them. Ctrl-C cancels the job on the
 * site. Exit 0 when every frame is here and verified, 1 when the job failed, 2 for refused input, 130 if canceled.
 */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description = "Render a scene on a render site and bring its frames here.")
final class SubmitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCENE", description = "The scene file (.blend or .pov).")
    Path scene;

    @Mixin
    SiteOptions site;

    @Option(names = "--frames", required = true, paramLabel = "SPEC", description = "Frames: 1-100, 1-100x5, 1,5,9-12.")
    String frames;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the frames and samples/.")
    Path out;

    @Mixin
    ProfileOptions options;

    @Option(
            names = "--where",
            paramLabel = "local|remote|auto",
            defaultValue = "auto",
            description = "Render on the site itself, on a remote site it delegates to, or let it decide from how busy"
                    + " it is (default: ${DEFAULT-VALUE}).")
    String where;

    @Option(
            names = "--asset",
            paramLabel = "PATH",
            description = "A file or folder the scene needs, relative to its"
                    + " folder; repeatable (default: the scene's whole folder).")
    List<Path> assets = new ArrayList<>();

    @Option(
            names = "--priority",
            paramLabel = "0-100",
            description = "Higher renders first when jobs wait for the"
                    + " site's slots; equal priorities share them chunk by chunk (default: 50).")
    Integer priority;

    @Option(names = "--json", description = "Print one JSON event per line instead of a progress bar.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        SubmitSession.Spec spec;
        try {
            spec = spec();
        } catch (FrameSetException e) {
            return refuse("bad --frames: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return refuse(e.getMessage());
        }
        SubmitSession session = new SubmitSession(site.client(), System.err);
        Interrupts.onCtrlC(() -> session.cancel("interrupted (Ctrl-C)"));
        try {
            if (session.submit(spec, out) == null) {
                return 0; // every frame is in --out already, verified
            }
            System.err.println(
                    "renderfarm: frames go to " + out.toAbsolutePath().normalize());
        } catch (SiteException e) {
            System.err.println("renderfarm: " + SiteErrors.sentence(e));
            return exitCode(e);
        }
        JobEventSink printer = json ? new JsonLinesPrinter(System.out) : ProgressPrinter.forTerminal(System.out);
        SiteJobFollower.Outcome outcome = session.follow(out, printer);
        if (outcome.job().state() == JobState.CANCELED) {
            return RenderFarmCli.EXIT_CANCELED;
        }
        if (outcome.job().problem() != null) {
            System.err.println("renderfarm: job " + outcome.job().id() + " stopped on the site: "
                    + outcome.job().problem() + "; `renderfarm status "
                    + outcome.job().id() + "` shows it");
            return 1;
        }
        if (!outcome.complete()) {
            System.err.println("renderfarm: job " + outcome.job().id() + " "
                    + outcome.job().state()
                    + (outcome.job().reason().isEmpty()
                            ? ""
                            : ": " + outcome.job().reason())
                    + (outcome.framesMissing().isEmpty()
                            ? ""
                            : "; frames not brought back: " + outcome.framesMissing()));
            return 1;
        }
        return 0;
    }

    private SubmitSession.Spec spec() throws java.io.IOException {
        if (!Files.isRegularFile(scene)) {
            throw new IllegalArgumentException("scene not found: " + scene);
        }
        if (priority != null && (priority < 0 || priority > 100)) {
            throw new IllegalArgumentException("--priority must be 0..100 (higher renders first), got " + priority);
        }
        OutputFolder.check(out);
        FrameSet frameSet = FrameSet.parse(frames);
        // Refuses a file that is not a scene here, before any of its bytes are sent to the site.
        JobProfile jobProfile = options.profileFor(scene);
        OutputNaming naming = options.prefix == null ? null : OutputNaming.withPrefix(options.prefix);
        return new SubmitSession.Spec(
                scene, assets, frameSet, jobProfile, naming, Where.fromWireName(where), null, priority);
    }

    private static int refuse(String message) {
        System.err.println("renderfarm: " + message);
        return RenderFarmCli.EXIT_USAGE;
    }

    /**
     * The exit code of a submit the site refused, by the problem's type: bad input is a usage error (2); a remote
     * site that cannot take the job is no fault of the input, so it exits 1 like any failed render.
     */
    static int exitCode(SiteException e) {
        return e.status() / 100 == 4 && e.type() != ProblemType.REMOTE_REFUSED ? RenderFarmCli.EXIT_USAGE : 1;
    }
}

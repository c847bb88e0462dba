package io.renderfarm.server.cli;

import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.time.Clock;
import io.renderfarm.server.client.SiteErrors;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code renderfarm cancel JOB --site URL}: asks the site to cancel a job and waits (up to {@code --wait} seconds)
 * until it is final, printing {@code state: CANCELED}. A job that had already ended is left as it is, and the
 * command says so ({@code job … had already ended: nothing to cancel}). Exit 0 once the job is final, 1 when the site
 * refused, could not be reached or the job was still running when the wait ran out, 2 for a JOB that is not a job id.
 */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a job on a render site.")
final class CancelCommand implements Callable<Integer> {
    private static final Duration POLL = Duration.ofMillis(250);

    /** What the wait for the job to stop is timed by. */
    Clock clock = Clock.SYSTEM;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job id.")
    String job;

    @Mixin
    SiteOptions site;

    @Option(
            names = "--reason",
            paramLabel = "TEXT",
            defaultValue = "canceled from the command line",
            description = "Shown in the job's events (default: ${DEFAULT-VALUE}).")
    String reason;

    @Option(
            names = "--wait",
            paramLabel = "SECONDS",
            defaultValue = "60",
            description = "How long to wait for the job to stop; 0 does not wait (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        SiteOptions.jobId(job);
        SiteClient client = site.client();
        try {
            boolean endedBefore = client.job(job).state().isFinal();
            JobView view = client.cancel(job, reason); // the site checks the reason even then, and changes nothing
            if (endedBefore) {
                System.out.println("job " + view.id() + " had already ended: nothing to cancel");
                System.out.println("state: " + view.state());
                return 0;
            }
            long deadline = clock.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
            while (!view.state().isFinal() && clock.nanoTime() < deadline) {
                clock.sleep(POLL);
                view = client.job(job);
            }
            System.out.println("job " + view.id() + (view.state().isFinal() ? "" : " still stopping"));
            System.out.println("state: " + view.state());
            return view.state().isFinal() || waitSeconds == 0 ? 0 : 1;
        } catch (SiteException e) {
            System.err.println("renderfarm: " + SiteErrors.sentence(e));
            return 1;
        }
    }
}

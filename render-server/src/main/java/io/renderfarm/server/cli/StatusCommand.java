package io.renderfarm.server.cli;

import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.server.client.JobPrinter;
import io.renderfarm.server.client.SiteErrors;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code renderfarm status [JOB] --site URL}: one job on a site, its last line naming the state
 * ({@code state: RUNNING}), or with no JOB every job. {@code --json} prints the job resource on one line. Exit 0,
 * 1 when the site refused or could not be reached, 2 for a JOB that is not a job id.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show a job on a render site, or all its jobs.")
final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "JOB", description = "The job id (default: list every job).")
    String job;

    @Mixin
    SiteOptions site;

    @Option(names = "--json", description = "Print JSON on one line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (job != null) {
            SiteOptions.jobId(job);
        }
        SiteClient client = site.client();
        try {
            if (job == null) {
                var jobs = client.jobs();
                if (json) {
                    System.out.println(SiteJson.lenient().writeValueAsString(jobs));
                } else {
                    JobPrinter.list(jobs.jobs(), System.out);
                }
                return 0;
            }
            JobView view = client.job(job);
            if (json) {
                System.out.println(SiteJson.lenient().writeValueAsString(view));
            } else {
                JobPrinter.print(view, System.out);
            }
            return 0;
        } catch (SiteException e) {
            System.err.println("renderfarm: " + SiteErrors.sentence(e));
            return 1;
        }
    }
}

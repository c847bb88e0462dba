package io.renderfarm.server.client;

import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.JobView;
import java.io.PrintStream;
import java.util.List;

/** Prints jobs for people: one job in detail ending with its state, or a list with one line per job. */
public final class JobPrinter {
    private static final String LIST_ROW = "%-22s %-17s %6s  %-6s  %s%n";

    private JobPrinter() {}

    /** Prints the job; the last line is {@code state: <STATE>}. */
    public static void print(JobView job, PrintStream out) {
        out.printf("job       %s (%s)%n", job.id(), job.name());
        out.printf("scene     %s, frames %s, %s%n", job.scene(), job.frames(), job.renderer());
        if (job.decision() != null) {
            out.printf(
                    "where     %s%s: %s%n",
                    job.decision().where().wireName(),
                    job.decision().site() == null ? "" : " on " + job.decision().site(),
                    job.decision().reason());
        }
        if (job.remote() != null) {
            out.printf(
                    "remote    %s%s%s%n",
                    job.remote().site(),
                    job.remote().job() == null
                            ? " (files being sent)"
                            : " job " + job.remote().job(),
                    job.remote().notifiedAt() == null
                            ? ""
                            : "; completion notice received " + job.remote().notifiedAt());
        }
        if (job.priority() != null) {
            out.printf("priority  %d%n", job.priority());
        }
        out.printf("frames    %d of %d done%s%n", job.done(), job.total(), notDone(job));
        if (job.problem() != null) {
            out.printf("problem   %s%n", job.problem());
        }
        if (job.reason() != null && !job.reason().isEmpty()) {
            out.printf("reason    %s%n", job.reason());
        }
        if (job.runs() > 1) {
            out.printf("runs      %d (resumed after a restart)%n", job.runs());
        }
        out.printf("state: %s%n", job.state());
    }

    /**
     * The frames a finished job lacks: failed ones, or for a canceled job those it never rendered (the job's
     * {@code failed} field lists both, since either way they are not there).
     */
    private static String notDone(JobView job) {
        if (job.failed() == null || job.failed().isEmpty()) {
            return "";
        }
        return job.state() == JobState.CANCELED
                ? "; " + job.failed() + " not rendered: canceled"
                : ", failed " + job.failed();
    }

    /** Prints a header, one line per job, newest first, and a count; a job its site has stopped shows as STOPPED. */
    public static void list(List<JobView> jobs, PrintStream out) {
        out.printf(LIST_ROW, "JOB", "STATE", "FRAMES", "WHERE", "NAME");
        for (JobView job : jobs) {
            String where = job.decision() == null ? "" : job.decision().where().wireName();
            String state = job.problem() == null ? job.state().name() : "STOPPED";
            out.printf(LIST_ROW, job.id(), state, job.done() + "/" + job.total(), where, job.name());
        }
        out.printf("%d job(s)%n", jobs.size());
    }
}

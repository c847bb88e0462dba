package io.renderfarm.server.client;

import io.renderfarm.engine.site.JobView;
import java.io.PrintStream;
import java.util.List;

/** Prints jobs for people: one job in detail ending with its state, or a list with one line per job. */
public final class JobPrinter {
    private JobPrinter() {
    }

    /** Prints the job; the last line is {@code state: <STATE>}. */
    public static void print(JobView job, PrintStream out) {
        out.printf("job       %s (%s)%n", job.id(), job.name());
        out.printf("scene     %s, frames %s, %s%n", job.scene(), job.frames(), job.renderer());
        if (job.decision() != null) {
            out.printf("where     %s%s: %s%n", job.decision().where().wireName(),
                    job.decision().site() == null ? "" : " on " + job.decision().site(), job.decision().reason());
        }
        if (job.remote() != null) {
            out.printf("remote    %s%s%s%n", job.remote().site(),
                    job.remote().job() == null ? " (files being sent)" : " job " + job.remote().job(),
                    job.remote().notifiedAt() == null ? "" : "; completion notice received " + job.remote().notifiedAt());
        }
        if (job.priority() != null) {
            out.printf("priority  %d%n", job.priority());
        }
        out.printf("frames    %d of %d done%s%n", job.done(), job.total(),
                job.failed() == null || job.failed().isEmpty() ? "" : ", failed " + job.failed());
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

    /** Prints one line per job, newest first, and a count; a job its site has stopped shows as STOPPED. */
    public static void list(List<JobView> jobs, PrintStream out) {
        for (JobView job : jobs) {
            String where = job.decision() == null ? "" : job.decision().where().wireName();
            String state = job.problem() == null ? job.state().name() : "STOPPED";
            out.printf("%-22s %-17s %6s  %-6s  %s%n", job.id(), state, job.done() + "/" + job.total(), where, job.name());
        }
        out.printf("%d job(s)%n", jobs.size());
    }
}

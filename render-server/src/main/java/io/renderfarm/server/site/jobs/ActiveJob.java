package io.renderfarm.server.site.jobs;

import io.renderfarm.engine.schedule.JobRun;
import io.renderfarm.engine.site.delegation.RemoteDelegation;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A job this site process is running now, whether on its own slots ({@link JobRun}) or on a remote site
 * ({@link RemoteDelegation}): what the site can ask of it. Every call returns at once.
 */
interface ActiveJob {
    void cancel(String reason);

    void approve();

    /** The remote site says the job is final: look now. Nothing to do for a job rendering here. */
    void wake();

    /** The site is stopping: leave the job unfinished, for the next start to resume. */
    void abandon();

    CompletableFuture<?> completion();

    /** The output so far of a chunk rendering on this site's slots; empty for others (a delegated job's). */
    default Optional<String> liveLog(int chunk) {
        return Optional.empty();
    }

    static ActiveJob of(JobRun run) {
        return new ActiveJob() {
            @Override
            public Optional<String> liveLog(int chunk) {
                return run.liveLog(chunk);
            }

            @Override
            public void cancel(String reason) {
                run.cancel(reason);
            }

            @Override
            public void approve() {
                run.approve();
            }

            @Override
            public void wake() {}

            @Override
            public void abandon() {
                run.abandon();
            }

            @Override
            public CompletableFuture<?> completion() {
                return run.completion();
            }
        };
    }

    static ActiveJob of(RemoteDelegation delegation) {
        return new ActiveJob() {
            @Override
            public void cancel(String reason) {
                delegation.cancel(reason);
            }

            @Override
            public void approve() {
                delegation.approve();
            }

            @Override
            public void wake() {
                delegation.wake();
            }

            @Override
            public void abandon() {
                delegation.abandon();
            }

            @Override
            public CompletableFuture<?> completion() {
                return delegation.completion();
            }
        };
    }
}

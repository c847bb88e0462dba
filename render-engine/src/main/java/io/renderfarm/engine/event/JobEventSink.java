package io.renderfarm.engine.event;

/**
 * Where a job's events go: a CLI printer, the site's database and SSE hub, a Jenkins build action. Called from
 * the job's own thread, one event at a time, in order; implementations must not block for long.
 */
@FunctionalInterface
public interface JobEventSink {
    void accept(JobEvent event);

    /** Sends every event to both sinks, this one first. */
    default JobEventSink andThen(JobEventSink next) {
        return event -> {
            accept(event);
            next.accept(event);
        };
    }
}

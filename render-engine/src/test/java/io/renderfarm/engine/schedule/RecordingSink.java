package io.renderfarm.engine.schedule;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.event.JobEventSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event of a job for assertions. */
final class RecordingSink implements JobEventSink {
    final List<JobEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void accept(JobEvent event) {
        events.add(event);
    }

    <E extends JobEvent> List<E> of(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}

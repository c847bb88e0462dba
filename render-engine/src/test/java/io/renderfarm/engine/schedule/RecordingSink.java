package io.renderfarm.engine.schedule;

import io.renderfarm.engine.event.EventType;
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

    List<JobEvent> of(EventType type) {
        return events.stream().filter(e -> e.eventType() == type).toList();
    }
}

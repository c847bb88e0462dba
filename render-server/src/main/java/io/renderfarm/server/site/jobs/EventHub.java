package io.renderfarm.server.site.jobs;

import io.renderfarm.engine.site.protocol.SiteEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Hands each job's live events to the event streams following it. Publishing never blocks the job's thread: each
 * subscriber has a bounded queue, and a subscriber that falls that far behind is marked overflowed so its stream
 * ends and the client resumes from the database with {@code Last-Event-ID}. Thread-safe.
 */
public final class EventHub {
    private static final int QUEUE = 10_000;
    private final Map<String, List<Subscription>> byJob = new ConcurrentHashMap<>();

    /** One stream's view of a job's live events. */
    public final class Subscription implements AutoCloseable {
        private final String job;
        private final BlockingQueue<SiteEvent> queue = new ArrayBlockingQueue<>(QUEUE);
        private volatile boolean overflowed;

        private Subscription(String job) {
            this.job = job;
        }

        public SiteEvent poll(long millis) throws InterruptedException {
            return queue.poll(millis, TimeUnit.MILLISECONDS);
        }

        public boolean overflowed() {
            return overflowed;
        }

        private void offer(SiteEvent event) {
            if (!queue.offer(event)) {
                overflowed = true;
            }
        }

        @Override
        public void close() {
            List<Subscription> list = byJob.get(job);
            if (list != null) {
                list.remove(this);
            }
        }
    }

    public Subscription subscribe(String job) {
        Subscription s = new Subscription(job);
        byJob.computeIfAbsent(job, k -> new CopyOnWriteArrayList<>()).add(s);
        return s;
    }

    void publish(String job, SiteEvent event) {
        List<Subscription> list = byJob.get(job);
        if (list != null) {
            list.forEach(s -> s.offer(event));
        }
    }
}

package io.renderfarm.engine.site.delegation;

import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteEvent;
import io.renderfarm.engine.site.protocol.SiteException;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;

/**
 * Reads one connection of a job's event stream on its own daemon thread and puts what arrives into an inbox, so
 * the reader of the inbox never blocks on the network: it can give up on a stalled connection (a half-open TCP
 * connection sends nothing and never fails) simply by starting another pump. Items carry the pump's generation;
 * the inbox's owner ignores those of pumps it gave up on.
 */
final class EventPump {
    /** An event from pump {@code generation}. */
    record Item(int generation, SiteEvent event) {}

    /** Pump {@code generation} ended: the site closed the stream ({@code error} null) or the connection failed. */
    record Ended(int generation, SiteException error) {}

    private final int generation;
    private volatile boolean stopped;

    private EventPump(int generation) {
        this.generation = generation;
    }

    static EventPump start(SiteClient client, String jobId, long afterId, BlockingQueue<Object> inbox, int generation) {
        EventPump pump = new EventPump(generation);
        Thread t = new Thread(() -> pump.run(client, jobId, afterId, inbox), "event-pump-" + jobId + "-" + generation);
        t.setDaemon(true);
        t.start();
        return pump;
    }

    int generation() {
        return generation;
    }

    /** Asks the reader to stop at the next record; its later items are ignored anyway. */
    void stop() {
        stopped = true;
    }

    private void run(SiteClient client, String jobId, long afterId, BlockingQueue<Object> inbox) {
        SiteException error = null;
        try {
            client.events(jobId, afterId, e -> {
                if (!stopped) {
                    inbox.add(new Item(generation, e));
                }
                return !stopped;
            });
        } catch (SiteException e) {
            error = e;
        } catch (IOException | RuntimeException e) {
            error = new SiteException(0, null, "the event stream broke: " + e.getMessage());
        }
        inbox.add(new Ended(generation, error));
    }
}

package io.renderfarm.engine.site.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An answer's body read into memory, at most {@code limit} bytes of it: a body that goes on past the limit cancels
 * the exchange and fails with {@link TooLarge}, so a site that streams without end costs the client no more than
 * the limit. The body of an error answer is cut at {@link #ERROR_LIMIT} instead, as only its first line is shown.
 * A handler makes one subscriber per answer and can {@link Handler#cancel cancel} it from another thread.
 */
final class BoundedAnswer implements HttpResponse.BodySubscriber<byte[]> {
    /** What an error answer's body is cut to: a problem JSON or the first line of a proxy's page. */
    static final int ERROR_LIMIT = 64 * 1024;

    /** The answer was longer than the limit; nothing of it is kept. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        TooLarge(int status, long limit) {
            super("longer than " + limit + " bytes");
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** Makes the subscriber for an answer and remembers it, so a caller that gives up can cancel the exchange. */
    static final class Handler implements HttpResponse.BodyHandler<byte[]> {
        private final long limit;
        private volatile BoundedAnswer current;
        private volatile boolean canceled;

        Handler(long limit) {
            this.limit = limit;
        }

        @Override
        public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
            boolean ok = info.statusCode() / 100 == 2;
            BoundedAnswer answer = new BoundedAnswer(info.statusCode(), ok ? limit : ERROR_LIMIT, !ok);
            current = answer;
            if (canceled) {
                answer.cancel();
            }
            return answer;
        }

        /** Stops reading the answer, if it has begun; the connection is closed. */
        void cancel() {
            canceled = true;
            BoundedAnswer answer = current;
            if (answer != null) {
                answer.cancel();
            }
        }
    }

    private final int status;
    private final long limit;
    private final boolean cutInstead;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean canceled;

    private BoundedAnswer(int status, long limit, boolean cutInstead) {
        this.status = status;
        this.limit = limit;
        this.cutInstead = cutInstead;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (canceled) {
            s.cancel();
            body.completeExceptionally(new IOException("canceled"));
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return; // buffers already on their way when the answer was refused or canceled
        }
        for (ByteBuffer b : buffers) {
            int n = b.remaining();
            if (bytes.size() + (long) n > limit) {
                subscription.cancel();
                if (cutInstead) {
                    byte[] part = new byte[(int) (limit - bytes.size())];
                    b.get(part);
                    bytes.writeBytes(part);
                    body.complete(bytes.toByteArray());
                } else {
                    body.completeExceptionally(new TooLarge(status, limit));
                }
                return;
            }
            byte[] chunk = new byte[n];
            b.get(chunk);
            bytes.writeBytes(chunk);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        body.complete(bytes.toByteArray());
    }

    private void cancel() {
        canceled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        body.completeExceptionally(new IOException("canceled"));
    }
}

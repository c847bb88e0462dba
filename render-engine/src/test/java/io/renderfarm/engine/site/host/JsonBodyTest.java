package io.renderfarm.engine.site.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.renderfarm.engine.site.api.CancelRequest;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JsonBodyTest {
    @Test
    void shouldRefuseADeclaredLengthOverTheLimitBeforeReadingAByte() {
        InputStream untouched = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("read a body it had to refuse");
            }
        };

        SiteException e = catchThrowableOfType(
                () -> JsonBody.read(untouched, JsonBody.MAX_BYTES + 1, JsonBody.MAX_BYTES), SiteException.class);

        assertThat(e.type()).isEqualTo(ProblemType.TOO_LARGE);
        assertThat(e.status()).isEqualTo(413);
    }

    @Test
    void shouldRefuseAnUndeclaredBodyAsSoonAsItPassesTheLimit() {
        AtomicLong served = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served.incrementAndGet();
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                served.addAndGet(len);
                return len;
            }
        };

        SiteException e = catchThrowableOfType(() -> JsonBody.read(endless, -1, 100_000), SiteException.class);

        assertThat(e.type()).isEqualTo(ProblemType.TOO_LARGE);
        assertThat(served.get()).isLessThan(100_000 + 16 * 1024);
    }

    @Test
    void shouldAnswerASlowBodyWithTimeoutByTheClock() {
        long[] now = {0};
        InputStream slow = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                now[0] += 1_000_000_000L;
                b[off] = ' ';
                return 1;
            }
        };

        SiteException e = catchThrowableOfType(
                () -> JsonBody.read(slow, -1, 1000, () -> now[0], 3_500_000_000L), SiteException.class);

        assertThat(e.type()).isEqualTo(ProblemType.TIMEOUT);
        assertThat(now[0]).isEqualTo(4_000_000_000L);
    }

    @Test
    void shouldAnswerASocketTimeoutWithTimeoutAndACutBodyWithBadRequest() {
        InputStream timesOut = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("idle", new SocketTimeoutException());
            }
        };
        InputStream cut = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("early EOF");
            }
        };

        assertThat(catchThrowableOfType(() -> JsonBody.read(timesOut, 10, 100), SiteException.class)
                        .type())
                .isEqualTo(ProblemType.TIMEOUT);
        assertThat(catchThrowableOfType(() -> JsonBody.read(cut, 10, 100), SiteException.class)
                        .type())
                .isEqualTo(ProblemType.BAD_REQUEST);
    }

    @Test
    void shouldReadStrictlyAndNameWhatIsWrong() throws IOException {
        assertThat(JsonBody.parse(bytes(""), CancelRequest.class)).isNull();
        assertThat(JsonBody.parse(bytes("{\"reason\":\"done\"}"), CancelRequest.class))
                .isEqualTo(new CancelRequest("done"));

        SiteException unknown = catchThrowableOfType(
                () -> JsonBody.parse(bytes("{\"raeson\":1}"), CancelRequest.class), SiteException.class);
        SiteException trailing = catchThrowableOfType(
                () -> JsonBody.parse(bytes("{\"reason\":\"a\"} x"), CancelRequest.class), SiteException.class);
        SiteException broken = catchThrowableOfType(
                () -> JsonBody.parse(bytes("{\"reason\":"), CancelRequest.class), SiteException.class);

        assertThat(unknown.type()).isEqualTo(ProblemType.BAD_REQUEST);
        assertThat(unknown.getMessage()).contains("unknown field 'raeson'");
        assertThat(trailing.getMessage()).contains("more after its JSON value");
        assertThat(broken.getMessage()).startsWith("the body is not valid JSON");
    }

    @Test
    void shouldRefuseABodyNotSentAsJson() throws SiteException {
        JsonBody.checkMediaType("application/json; charset=utf-8");

        assertThat(catchThrowableOfType(() -> JsonBody.checkMediaType("text/plain"), SiteException.class)
                        .type())
                .isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE);
        assertThat(catchThrowableOfType(() -> JsonBody.checkMediaType(null), SiteException.class)
                        .status())
                .isEqualTo(415);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

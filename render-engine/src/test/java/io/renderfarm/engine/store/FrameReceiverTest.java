package io.renderfarm.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.engine.verify.InvalidFrameException;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames checked elsewhere, streamed into a store once: size cap, checksum comparison, bounded heap and concurrency. */
class FrameReceiverTest {
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void shouldStoreTheFrameReadingEachByteOnceWhenItMatchesTheCheck() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir);
        byte[] frame = pattern(3 * FrameReceiver.BUFFER_BYTES + 17);
        CountingSource source = new CountingSource(() -> new ByteArrayInputStream(frame));

        StoredFrame stored =
                new FrameReceiver(MIB, 4, null).receiveFrame(store, 7, "f_0007.png", checked(frame), source);

        assertThat(Path.of(stored.location())).hasBinaryContent(frame);
        assertThat(stored.sha256()).isEqualTo(sha256(frame));
        assertThat(source.opens.get()).isEqualTo(1);
        assertThat(source.bytesRead.get()).as("read once").isEqualTo(frame.length);
        assertThat(store.verifiedFrames()).containsOnlyKeys(7);
        assertNothingStaged();
    }

    @Test
    void shouldRefuseAFrameOverTheLimitWithoutReadingIt() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir);
        CountingSource source = new CountingSource(() -> new ByteArrayInputStream(new byte[10]));
        VerifiedFrame huge = new VerifiedFrame(1, 1, 2 * MIB, "00");

        assertThatThrownBy(() -> new FrameReceiver(MIB, 4, "renderfarm.maxFrameBytes")
                        .receiveFrame(store, 1, "f_0001.png", huge, source))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessage("frame file f_0001.png has 2097152 bytes, over the limit of 1048576 bytes for one frame "
                        + "(renderfarm.maxFrameBytes)");
        assertThat(source.opens.get()).isZero();
        assertStoreEmpty(store);
    }

    @Test
    void shouldCutOffAnEndlessSourceOneByteAfterItsReportedSizeLeavingNothingBehind() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir);
        byte[] frame = pattern(100_000);
        CountingSource devZero = new CountingSource(Zeros::new);

        assertThatThrownBy(() ->
                        new FrameReceiver(MIB, 4, null).receiveFrame(store, 1, "f_0001.png", checked(frame), devZero))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining("arrived with more than 100000 bytes");
        assertThat(devZero.bytesRead.get()).isEqualTo(100_001);
        assertThat(devZero.closed.get()).as("the source is closed").isTrue();
        assertStoreEmpty(store);
    }

    @Test
    void shouldRefuseBytesWhoseChecksumDiffersFromTheCheckAndStoreNothing() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir);
        byte[] checkedBytes = pattern(5000);
        byte[] sent = checkedBytes.clone();
        sent[4321] ^= 1;

        assertThatThrownBy(() -> new FrameReceiver(MIB, 4, null)
                        .receiveFrame(
                                store, 3, "f_0003.png", checked(checkedBytes), () -> new ByteArrayInputStream(sent)))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessage("frame file f_0003.png arrived with SHA-256 " + sha256(sent) + ", not the "
                        + sha256(checkedBytes) + " it was checked with; it was not stored");
        assertStoreEmpty(store);
    }

    @Test
    void shouldRefuseATruncatedTransfer() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir);
        byte[] frame = pattern(5000);

        assertThatThrownBy(() -> new FrameReceiver(MIB, 4, null)
                        .receiveFrame(
                                store, 3, "f_0003.png", checked(frame), () -> new ByteArrayInputStream(frame, 0, 4000)))
                .hasMessageContaining("arrived with 4000 of its 5000 bytes");
        assertStoreEmpty(store);
    }

    @Test
    void shouldStreamPreviewSamplesTheSameWay() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir);
        byte[] preview = pattern(2000);

        String where = new FrameReceiver(MIB, 1, null)
                .receiveSample(store, "preview_f_0001.png", checked(preview), () -> new ByteArrayInputStream(preview));

        assertThat(Path.of(where))
                .isEqualTo(dir.resolve("samples/preview_f_0001.png"))
                .hasBinaryContent(preview);
        assertNothingStaged();
    }

    @Test
    void shouldKeepItsHeapFlatAsFramesGrow() throws Exception {
        Map<Long, Long> allocatedBySize = new java.util.TreeMap<>();
        CountingStore sink = new CountingStore();
        FrameReceiver receiver = new FrameReceiver(1024 * MIB, 1, null);
        for (long size : List.of(16 * MIB, 64 * MIB, 256 * MIB)) {
            Patterned source = new Patterned(size);
            VerifiedFrame reported = new VerifiedFrame(1, 1, size, source.sha256());
            long before = allocatedByThisThread();
            receiver.receiveFrame(sink, 1, "f.exr", reported, () -> new Patterned(size));
            allocatedBySize.put(size, allocatedByThisThread() - before);
        }

        assertThat(sink.written.get()).isEqualTo(336 * MIB);
        assertThat(sink.largestWrite.get()).isLessThanOrEqualTo(FrameReceiver.BUFFER_BYTES);
        assertThat(allocatedBySize.values())
                .as("bytes allocated per frame of 16, 64 and 256 MiB: %s", allocatedBySize)
                .allMatch(bytes -> bytes < 2 * MIB);
    }

    @Test
    void shouldStreamAtMostItsConcurrencyOfFramesAtOnce() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir);
        FrameReceiver receiver = new FrameReceiver(MIB, 2, null);
        AtomicInteger open = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        byte[] frame = pattern(1000);
        ExecutorService agents = Executors.newFixedThreadPool(6);
        try {
            List<Future<StoredFrame>> deliveries = new ArrayList<>();
            for (int f = 1; f <= 6; f++) {
                int number = f;
                deliveries.add(agents.submit(() ->
                        receiver.receiveFrame(store, number, "f_" + number + ".png", checked(frame), () -> {
                            mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                            await().atMost(10, TimeUnit.SECONDS).until(() -> release.getCount() == 0);
                            return new ByteArrayInputStream(frame) {
                                @Override
                                public void close() {
                                    open.decrementAndGet();
                                }
                            };
                        })));
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> open.get() == 2);
            release.countDown();
            for (Future<StoredFrame> d : deliveries) {
                d.get(10, TimeUnit.SECONDS);
            }
        } finally {
            agents.shutdownNow();
        }
        assertThat(mostOpen.get()).isEqualTo(2);
        assertThat(store.verifiedFrames()).hasSize(6);
    }

    private void assertStoreEmpty(DirectoryFrameStore store) throws IOException {
        assertThat(store.verifiedFrames()).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".renderfarm", "samples");
        }
        assertNothingStaged();
    }

    private void assertNothingStaged() throws IOException {
        try (Stream<Path> incoming = Files.list(dir.resolve(".renderfarm/incoming"))) {
            assertThat(incoming).isEmpty();
        }
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static VerifiedFrame checked(byte[] bytes) {
        return new VerifiedFrame(16, 9, bytes.length, sha256(bytes));
    }

    private static byte[] pattern(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + (i >> 8));
        }
        return b;
    }

    private static String sha256(byte[] bytes) {
        return FrameVerifier.sha256(bytes);
    }

    /** A source that counts how often it is opened and how many bytes are read from it. */
    private static final class CountingSource implements FrameSource {
        final AtomicInteger opens = new AtomicInteger();
        final AtomicLong bytesRead = new AtomicLong();
        final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        private final FrameSource inner;

        CountingSource(FrameSource inner) {
            this.inner = inner;
        }

        @Override
        public InputStream open() throws IOException {
            opens.incrementAndGet();
            InputStream in = inner.open();
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        bytesRead.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int off, int len) throws IOException {
                    int n = in.read(buffer, off, len);
                    if (n > 0) {
                        bytesRead.addAndGet(n);
                    }
                    return n;
                }

                @Override
                public void close() throws IOException {
                    closed.set(true);
                    in.close();
                }
            };
        }
    }

    /** An endless stream of zeros, like {@code /dev/zero}. */
    private static final class Zeros extends InputStream {
        @Override
        public int read() {
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 0);
            return len;
        }
    }

    /** {@code size} bytes of a repeating pattern, generated as read: no frame is ever held in memory by the test. */
    private static final class Patterned extends InputStream {
        private final long size;
        private long position;

        Patterned(long size) {
            this.size = size;
        }

        String sha256() throws IOException {
            MessageDigest d;
            try {
                d = MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            byte[] b = new byte[64 * 1024];
            try (Patterned copy = new Patterned(size)) {
                int n;
                while ((n = copy.read(b, 0, b.length)) > 0) {
                    d.update(b, 0, n);
                }
            }
            return HexFormat.of().formatHex(d.digest());
        }

        @Override
        public int read() {
            return position < size ? (int) (position++ & 0xff) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) (position++ & 0xff);
            }
            return n;
        }
    }

    /** A store that keeps no bytes, counting what it is given. */
    private static final class CountingStore implements FrameStore {
        final AtomicLong written = new AtomicLong();
        final AtomicLong largestWrite = new AtomicLong();

        @Override
        public Map<Integer, StoredFrame> verifiedFrames() {
            return Map.of();
        }

        @Override
        public StoredFrame putFrame(int frame, String fileName, Path rendered, VerifiedFrame verified) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String putSample(String name, Path image) {
            throw new UnsupportedOperationException();
        }

        @Override
        public IncomingFile<StoredFrame> receiveFrame(int frame, String fileName) {
            OutputStream counting = new OutputStream() {
                @Override
                public void write(int b) {
                    written.incrementAndGet();
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    written.addAndGet(len);
                    largestWrite.accumulateAndGet(len, Math::max);
                }
            };
            return new IncomingFile<>() {
                @Override
                public OutputStream stream() {
                    return counting;
                }

                @Override
                public StoredFrame commit(VerifiedFrame verified) {
                    return new StoredFrame(frame, fileName, verified.sha256(), verified.bytes());
                }

                @Override
                public void close() {}
            };
        }
    }
}

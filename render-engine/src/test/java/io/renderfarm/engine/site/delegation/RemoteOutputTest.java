package io.renderfarm.engine.site.delegation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.site.api.FrameView;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames brought home from a site (a tiny HTTP server on loopback plays it): the bytes are hashed once while they
 * arrive and must equal the site's SHA-256; a frame whose dimensions the site states is not decoded again (the
 * site checked the image when it took it in), one from a site that states none is.
 */
class RemoteOutputTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger downloads = new AtomicInteger();
    private final AtomicInteger decodes = new AtomicInteger();
    private byte[] png;
    /** Bytes no decoder takes for an image: what the site serves for frame 2. */
    private final byte[] notAnImage =
            "these bytes are no image any decoder would take".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void startSite() throws IOException {
        BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        png = bytes.toByteArray();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/jobs/j/frames/1", ex -> serve(ex, png));
        server.createContext("/api/jobs/j/frames/2", ex -> serve(ex, notAnImage));
        server.start();
    }

    private void serve(com.sun.net.httpserver.HttpExchange ex, byte[] body) throws IOException {
        downloads.incrementAndGet();
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterEach
    void stopSite() {
        server.stop(0);
    }

    private RemoteOutput output(DirectoryFrameStore store) throws IOException {
        SiteClient client = new SiteClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null);
        FrameVerifier verifier = new FrameVerifier();
        return new RemoteOutput(client, store, dir.resolve("scratch"), file -> {
            decodes.incrementAndGet();
            return verifier.verify(file);
        });
    }

    @Test
    void shouldStoreAFrameWhoseDimensionsTheSiteStatesWithoutDecodingIt() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir.resolve("out"));
        String sha = FrameVerifier.sha256(png);

        RemoteOutput.Brought brought = output(store)
                .frame(RemoteOutput.Announced.of(
                        frameDone(1, "f_0001.png", sha, "/api/jobs/j/frames/1", png.length, 32, 24)));

        assertThat(decodes.get()).as("decoded here").isZero();
        assertThat(brought.verified()).isEqualTo(new VerifiedFrame(32, 24, png.length, sha));
        assertThat(store.verifiedFrames().get(1).sha256()).isEqualTo(sha);
        assertThat(Files.readAllBytes(Path.of(brought.stored().location()))).isEqualTo(png);
    }

    @Test
    void shouldTrustTheSitesCheckOfBytesItsSha256Names() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir.resolve("out"));
        String sha = FrameVerifier.sha256(notAnImage);

        RemoteOutput.Brought brought = output(store)
                .frame(new RemoteOutput.Announced(1, "f_0001.exr", sha, "/api/jobs/j/frames/2", null, 1920, 1080));

        assertThat(brought.stored().sha256())
                .as("the bytes the site verified, as it named them")
                .isEqualTo(sha);
        assertThat(downloads.get()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAFrameWithStatedDimensionsWhoseBytesDoNotHashToTheSitesSha256() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir.resolve("out"));
        String other = FrameVerifier.sha256(png);
        RemoteOutput output = output(store);

        assertThatThrownBy(() -> output.frame(
                        new RemoteOutput.Announced(1, "f_0001.png", other, "/api/jobs/j/frames/2", null, 32, 24)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("frame 1 arrived with SHA-256 " + FrameVerifier.sha256(notAnImage))
                .hasMessageContaining("the site stored " + other);
        assertThat(downloads.get()).as("fetched once more, then refused").isEqualTo(2);
        assertThat(store.verifiedFrames()).isEmpty();
        assertThat(output.has(1, other)).isFalse();
    }

    @Test
    void shouldDecodeAFrameFromASiteThatStatesNoDimensions() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir.resolve("out"));
        String sha = FrameVerifier.sha256(png);

        RemoteOutput.Brought brought = output(store)
                .frame(RemoteOutput.Announced.of(
                        new FrameView(1, "done", "f_0001.png", sha, (long) png.length, "/api/jobs/j/frames/1")));

        assertThat(decodes.get()).isEqualTo(1);
        assertThat(brought.verified().width()).isEqualTo(32);
        assertThat(brought.verified().height()).isEqualTo(24);
    }

    @Test
    void shouldRefuseUndecodableBytesFromASiteThatStatesNoDimensions() throws Exception {
        DirectoryFrameStore store = new DirectoryFrameStore(dir.resolve("out"));
        String sha = FrameVerifier.sha256(notAnImage);
        RemoteOutput output = output(store);

        assertThatThrownBy(() -> output.frame(RemoteOutput.Announced.of(
                        frameDone(1, "f_0001.png", sha, "/api/jobs/j/frames/2", null, null, null))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not an image of a known type");
        assertThat(store.verifiedFrames()).isEmpty();
    }

    @Test
    void shouldTakeDimensionsOnlyWhenTheyArePositiveNumbers() {
        assertThat(RemoteOutput.Announced.of(frameDone(1, "f", "s", "/f", 3, 0, 24))
                        .hasDimensions())
                .isFalse();
        assertThat(RemoteOutput.Announced.of(frameDone(1, "f", "s", "/f", 3, -5, 24))
                        .hasDimensions())
                .isFalse();
        assertThat(RemoteOutput.Announced.of(frameDone(1, "f", "s", "/f", 3, 32, 24))
                        .hasDimensions())
                .isTrue();
    }

    private static JobEvent.FrameDone frameDone(
            int frame, String file, String sha256, String path, Integer bytes, Integer width, Integer height) {
        return new JobEvent.FrameDone(
                1,
                "j",
                frame,
                path,
                sha256,
                width,
                height,
                null,
                null,
                false,
                file,
                bytes == null ? null : bytes.longValue());
    }
}

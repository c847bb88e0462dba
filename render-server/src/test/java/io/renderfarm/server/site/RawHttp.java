package io.renderfarm.server.site;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Requests over a raw socket, as an attacker sends them: bodies that never end or arrive a byte at a time, which
 * java.net.http cannot send. Only to loopback.
 */
final class RawHttp {
    private static final int CHUNK = 64 * 1024;

    private RawHttp() {}

    /** What came back while a body was being sent: the answer's status line, and how much had been sent by then. */
    record Flood(String statusLine, long bytesSent) {}

    static Socket connect(URI site) throws IOException {
        Socket socket = new Socket("127.0.0.1", site.getPort());
        socket.setSoTimeout(30_000);
        return socket;
    }

    /** The request line and headers of a POST (Host and Content-Type included), without the blank line. */
    static String post(String path, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(
                "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "Content-Type: application/json\r\n");
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.toString();
    }

    /**
     * Sends a chunked body of spaces of up to {@code total} bytes to {@code path}, at most 1 MiB every 4 ms, stopping
     * as soon as an answer arrives or the site closes the connection; the body is ended properly if it was sent
     * whole. The pace leaves the reader of the answer time to run, so the bytes sent say how soon it came.
     */
    static Flood chunkedFlood(URI site, String path, Map<String, String> headers, long total) throws Exception {
        try (Socket socket = connect(site)) {
            OutputStream out = socket.getOutputStream();
            CompletableFuture<String> answer = new CompletableFuture<>();
            Thread reader = new Thread(() -> answer.complete(statusLine(socket)), "answer-reader");
            reader.setDaemon(true);
            reader.start();
            out.write((post(path, headers) + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = (Integer.toHexString(CHUNK) + "\r\n" + " ".repeat(CHUNK) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            long sent = 0;
            try {
                while (sent < total && !answer.isDone()) {
                    out.write(chunk);
                    sent += CHUNK;
                    if (sent % (1024 * 1024) == 0) {
                        Thread.sleep(4);
                    }
                }
                if (!answer.isDone()) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException closedBySite) {
                // the site refused and hung up: what a bounded site does
            }
            return new Flood(answer.get(60, TimeUnit.SECONDS), sent);
        }
    }

    /** The first line the site sends on this socket; "closed: …" when it hangs up without one. */
    static String statusLine(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            return line.size() == 0
                    ? "closed: without an answer"
                    : line.toString(StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "closed: " + e.getMessage();
        }
    }

    /** The answer's head (status line and headers) on this socket, up to the blank line. */
    static String head(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String text = head.toString(StandardCharsets.US_ASCII);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}

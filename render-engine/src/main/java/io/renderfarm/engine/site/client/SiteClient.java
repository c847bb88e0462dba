package io.renderfarm.engine.site.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.site.api.CancelRequest;
import io.renderfarm.engine.site.api.ChunkList;
import io.renderfarm.engine.site.api.FrameList;
import io.renderfarm.engine.site.api.JobList;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.OfferRequest;
import io.renderfarm.engine.site.api.OfferView;
import io.renderfarm.engine.site.api.PriorityRequest;
import io.renderfarm.engine.site.api.SampleList;
import io.renderfarm.engine.site.api.SiteInfo;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.bundle.BlobQuery;
import io.renderfarm.engine.site.bundle.MissingBlobs;
import io.renderfarm.engine.site.bundle.UploadResult;
import io.renderfarm.engine.site.protocol.Problem;
import io.renderfarm.engine.site.protocol.SiteEvent;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A client of the site protocol over {@code java.net.http}: resource database, content-addressed uploads, jobs,
 * events, frames and samples. Every error answer becomes a {@link SiteException} carrying the site's
 * {@link Problem}; a site that cannot be reached becomes one with status 0. Nothing a site sends is read without a
 * bound, so a broken or hostile site costs a bounded amount of memory and disk and ends in one clear error: a JSON
 * answer is at most {@link #MAX_ANSWER_BYTES} and must arrive within twice the request timeout, an event at most
 * {@link SseReader#MAX_RECORD_CHARS}, a download at most the size its caller expects (streamed to a file and hashed
 * on the way). Thread-safe.
 *
 * <p>Over 400 lines: one method per route of the protocol a client calls, each with the bound its answer needs; the
 * bounded reading itself is {@code BoundedAnswer}'s and {@link SseReader}'s.
 */
public final class SiteClient {
    /**
     * The largest JSON answer read. The biggest a site sends are the lists of a site with many jobs or of a job with
     * the most frames a site takes (100,000 frames: about 20 MB).
     */
    public static final long MAX_ANSWER_BYTES = 64L * 1024 * 1024;
    /** The largest download when the caller does not know the size to expect. */
    public static final long MAX_DOWNLOAD_BYTES = 16L * 1024 * 1024 * 1024;

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private final URI base;
    private final Duration timeout;
    /** The whole {@code Authorization} header value, or null. */
    private final String authorization;

    private final HttpClientFactory factory;
    private final HttpClient http;
    private final ObjectMapper json = SiteJson.lenient();

    /**
     * @param base  the site's URL ({@code http://127.0.0.1:8765})
     * @param token the site's token, or null for a site without one
     */
    public SiteClient(URI base, String token) {
        this(base, token, HttpClientFactory.DIRECT);
    }

    /** Like {@link #SiteClient(URI, String)}, with HTTP clients from the host's {@code http} (its proxy settings). */
    public SiteClient(URI base, String token, HttpClientFactory http) {
        this(base, token == null || token.isBlank() ? null : "Bearer " + token, REQUEST_TIMEOUT, http);
    }

    /**
     * A client that sends HTTP Basic credentials, as a Jenkins controller serving this protocol expects (a user
     * name and an API token, which Jenkins accepts without a CSRF crumb).
     */
    public static SiteClient basic(URI base, String user, String secret) {
        return basic(base, user, secret, HttpClientFactory.DIRECT);
    }

    /** Like {@link #basic(URI, String, String)}, with HTTP clients from the host's {@code http}. */
    public static SiteClient basic(URI base, String user, String secret, HttpClientFactory http) {
        String pair = user + ":" + secret;
        return new SiteClient(
                base,
                "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)),
                REQUEST_TIMEOUT,
                http);
    }

    private SiteClient(URI base, String authorization, Duration timeout, HttpClientFactory factory) {
        this.timeout = timeout;
        this.factory = factory;
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        if (!"http".equals(this.base.getScheme()) && !"https".equals(this.base.getScheme())) {
            throw new IllegalArgumentException("a site URL must start with http:// or https://, got " + base);
        }
        this.authorization = authorization;
        // HTTP/1.1: server-sent events and streamed uploads need nothing more, and no h2c upgrade dance.
        this.http = factory.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
                .build();
    }

    /**
     * The same site and credentials, with requests (and connection attempts) that give up after {@code timeout}:
     * for quick questions such as a remote site's offer before a decision or a poll of a delegated job, where
     * waiting a minute for a dead site is worse than no answer. Event streams are not bounded by it once started.
     */
    public SiteClient withTimeout(Duration timeout) {
        return new SiteClient(base, authorization, timeout, factory);
    }

    public URI base() {
        return base;
    }

    public SiteInfo site() throws IOException {
        return call(get("/api/site"), SiteInfo.class);
    }

    /**
     * The site's offer for a job of {@code profile} ({@code POST /api/offer}).
     *
     * @throws SiteException with status 404 from a site older than that endpoint
     */
    public OfferView offer(JobProfile profile) throws IOException {
        return call(post("/api/offer", new OfferRequest(ProfileReader.toJson(profile))), OfferView.class);
    }

    /** The hashes the site lacks, with how much of each it holds from an interrupted upload. */
    public MissingBlobs missing(Collection<String> hashes) throws IOException {
        return call(post("/api/blobs/missing", new BlobQuery(List.copyOf(hashes))), MissingBlobs.class);
    }

    /** Sends a file's bytes from {@code offset} on, streamed; the site checks the SHA-256 once all arrived. */
    public UploadResult upload(Path file, String sha256, long size, long offset) throws IOException {
        return upload(file, sha256, size, offset, size - offset);
    }

    /**
     * Sends {@code length} bytes of a file from {@code offset} on; the site keeps them and answers how many of the
     * {@code size} bytes it now holds, so an upload may be sent in parts.
     */
    public UploadResult upload(Path file, String sha256, long size, long offset, long length) throws IOException {
        // fromPublisher refuses a length of 0, and a scene's folder may well hold an empty file
        HttpRequest.BodyPublisher body = length == 0
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> FileSlice.open(file, offset, length)), length);
        HttpRequest request = builder("/api/blobs/" + sha256 + "?offset=" + offset + "&size=" + size)
                .header("Content-Type", "application/octet-stream")
                .PUT(body)
                .build();
        return call(request, UploadResult.class);
    }

    public JobView submit(SubmitRequest request) throws IOException {
        return call(post("/api/jobs", request), JobView.class);
    }

    public JobList jobs() throws IOException {
        return call(get("/api/jobs"), JobList.class);
    }

    public JobView job(String id) throws IOException {
        return call(get(jobPath(id)), JobView.class);
    }

    public FrameList frames(String id) throws IOException {
        return call(get(jobPath(id) + "/frames"), FrameList.class);
    }

    public SampleList samples(String id) throws IOException {
        return call(get(jobPath(id) + "/samples"), SampleList.class);
    }

    /** Changes a job's priority; it counts from the job's next chunk. Answers with the job as it is now. */
    public JobView priority(String id, int priority) throws IOException {
        return call(post(jobPath(id) + "/priority", new PriorityRequest(priority)), JobView.class);
    }

    public ChunkList chunks(String id) throws IOException {
        return call(get(jobPath(id) + "/chunks"), ChunkList.class);
    }

    /** Asks the site to cancel; idempotent, answers with the job as it is now. */
    public JobView cancel(String id, String reason) throws IOException {
        return call(post(jobPath(id) + "/cancel", new CancelRequest(reason)), JobView.class);
    }

    public JobView approve(String id) throws IOException {
        return call(post(jobPath(id) + "/approve", Map.of()), JobView.class);
    }

    /** What {@link #download} wrote: its size and SHA-256, computed while it arrived. */
    public record Download(long bytes, String sha256) {}

    /**
     * Downloads a path the site named (a frame, a sample, the zip) into {@code target}, replacing it atomically, at
     * most {@link #MAX_DOWNLOAD_BYTES}.
     */
    public Download download(String sitePath, Path target) throws IOException {
        return download(sitePath, target, MAX_DOWNLOAD_BYTES);
    }

    /**
     * Downloads a path the site named into {@code target}, replacing it atomically. An answer longer than
     * {@code maxBytes} (by its {@code Content-Length}, or as it streams) is refused and nothing is written.
     */
    public Download download(String sitePath, Path target, long maxBytes) throws IOException {
        if (!sitePath.startsWith(SiteProtocol.API + "/")) {
            throw new IllegalArgumentException("not a path on the site's API: " + sitePath);
        }
        HttpResponse<InputStream> response =
                send(builder(sitePath).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw failure(
                        response.statusCode(),
                        new String(in.readNBytes(BoundedAnswer.ERROR_LIMIT), StandardCharsets.UTF_8));
            }
            long declared =
                    response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw tooLarge(response.statusCode(), "GET", sitePath, maxBytes);
            }
            Path tmp = target.resolveSibling(target.getFileName() + ".download");
            MessageDigest sha256 = sha256();
            long written = 0;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    written += n;
                    if (written > maxBytes) {
                        throw tooLarge(response.statusCode(), "GET", sitePath, maxBytes);
                    }
                    sha256.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Download(written, HexFormat.of().formatHex(sha256.digest()));
        }
    }

    /**
     * Follows a job's events from after {@code afterId} (0: from the start), calling {@code handler} for each
     * until it returns false or the site ends the stream (it does after {@code job-finished}).
     *
     * @return the highest event id seen, to resume from after a broken connection
     */
    public long events(String id, long afterId, Predicate<SiteEvent> handler) throws IOException {
        HttpRequest request = builder(jobPath(id) + "/events")
                .timeout(Duration.ofDays(365))
                .header("Accept", SiteProtocol.EVENT_STREAM)
                .header(SiteProtocol.LAST_EVENT_ID, Long.toString(afterId))
                .GET()
                .build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
        long last = afterId;
        try (InputStream in = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw failure(
                        response.statusCode(),
                        new String(in.readNBytes(BoundedAnswer.ERROR_LIMIT), StandardCharsets.UTF_8));
            }
            SseReader reader = new SseReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
            SseReader.Record record;
            while ((record = reader.next()) != null) {
                long eventId = record.id() == null ? 0 : Long.parseLong(record.id());
                JobEvent event = json.readValue(record.data(), JobEvent.class);
                last = Math.max(last, eventId);
                if (!handler.test(new SiteEvent(eventId, event))) {
                    break;
                }
            }
        } catch (NumberFormatException | JsonProcessingException e) {
            throw new SiteException(0, null, "the site sent a malformed event: " + e.getMessage());
        } catch (SseReader.TooLong e) {
            throw new SiteException(
                    response.statusCode(),
                    null,
                    "the site " + base + " sent an event " + e.getMessage() + " on "
                            + request.uri().getPath() + "; refused (is it a render site?)");
        }
        return last;
    }

    private static String jobPath(String id) {
        return SiteProtocol.API + "/jobs/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private HttpRequest get(String path) {
        return builder(path).GET().build();
    }

    private HttpRequest post(String path, Object body) throws JsonProcessingException {
        return builder(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build();
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Accept", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private <T> T call(HttpRequest request, Class<T> type) throws IOException {
        HttpResponse<byte[]> response = sendBounded(request);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() / 100 != 2) {
            throw failure(response.statusCode(), body);
        }
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new SiteException(
                    response.statusCode(),
                    null,
                    "the site's answer to " + request.method() + " "
                            + request.uri().getPath() + " is not the expected JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * Sends and reads the answer into memory, at most {@link #MAX_ANSWER_BYTES} of it and within twice the request
     * timeout (the timeout itself only bounds the wait for the answer's headers).
     */
    private HttpResponse<byte[]> sendBounded(HttpRequest request) throws IOException {
        BoundedAnswer.Handler handler = new BoundedAnswer.Handler(MAX_ANSWER_BYTES);
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, handler);
        Duration deadline = request.timeout().orElse(timeout).multipliedBy(2);
        try {
            return answer.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            handler.cancel();
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new SiteException(0, null, "interrupted while talking to " + base);
        } catch (TimeoutException e) {
            handler.cancel();
            answer.cancel(true);
            throw new SiteException(
                    0,
                    null,
                    "the site " + base + " did not finish its answer to " + request.method() + " "
                            + request.uri().getPath() + " within " + deadline.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BoundedAnswer.TooLarge big) {
                throw tooLarge(big.status(), request.method(), request.uri().getPath(), MAX_ANSWER_BYTES);
            }
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof UncheckedIOException u) {
                    throw u.getCause(); // a file being uploaded could not be read: not the site's fault
                }
            }
            if (cause instanceof IOException io) {
                throw unreachable(io);
            }
            throw new SiteException(0, null, "cannot talk to the site " + base + ": " + cause);
        }
    }

    private SiteException tooLarge(int status, String method, String path, long limit) {
        return new SiteException(
                status,
                null,
                "the site's answer to " + method + " " + path + " is longer than " + limit + " bytes; refused (is "
                        + base + " a render site?)");
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SiteException(0, null, "interrupted while talking to " + base);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private SiteException unreachable(IOException e) {
        if (e instanceof SiteException s) {
            return s;
        }
        // java.net.http leaves the message of a refused connection empty; say what happened in words.
        String why = e instanceof java.net.ConnectException && e.getMessage() == null
                ? "connection refused"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new SiteException(0, null, "cannot reach the site " + base + ": " + why);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private SiteException failure(int status, String body) {
        Problem problem = null;
        try {
            problem = json.readValue(body, Problem.class);
        } catch (JsonProcessingException | IllegalArgumentException notAProblem) {
            // a proxy's HTML error page: report the status alone
        }
        String detail = problem != null && problem.detail() != null
                ? problem.detail()
                : body.isBlank()
                        ? "no details"
                        : body.strip().lines().findFirst().orElse("");
        return new SiteException(status, problem, "site answered " + status + ": " + detail);
    }
}

package io.renderfarm.engine.site.callback;

import io.renderfarm.engine.site.protocol.SiteProtocol;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks a site's completion notice, the HTTP callback a remote site sends to the site that delegated
 * a job to it. HMAC-SHA256 over the method, the path, a timestamp, a nonce and the body:
 * <pre>
 * renderfarm-callback-v1 \n METHOD \n /path \n timestamp \n nonce \n body-bytes
 * </pre>
 * sent as {@value #TIMESTAMP_HEADER} (Unix seconds), {@value #NONCE_HEADER} (random, 16 to 64 of
 * {@code [A-Za-z0-9_-]}) and {@value #SIGNATURE_HEADER} ({@code v1=<hex>}).
 *
 * <p>A receiver refuses a notice whose timestamp is more than {@link #WINDOW} from its clock, whose signature does
 * not match (compared in constant time), or whose nonce it has seen within the window ({@link NonceStore}), so a
 * captured notice cannot be replayed. The nonce is remembered only once the signature is good, so nobody without
 * the key can fill the store.
 *
 * <p>The key of one job is {@link #jobKey derived} from the delegating site's secret and its job id: the secret
 * itself never leaves that site, and a leaked job key authenticates notices about that one job only.
 * Immutable and thread-safe.
 */
public final class CallbackSignature {
    public static final String TIMESTAMP_HEADER = "Renderfarm-Timestamp";
    public static final String NONCE_HEADER = "Renderfarm-Nonce";
    public static final String SIGNATURE_HEADER = "Renderfarm-Signature";
    /** How far a notice's timestamp may be from the receiver's clock, either way. */
    public static final Duration WINDOW = Duration.ofMinutes(5);
    /** Shortest accepted key, in characters: a job key is 64 hex digits. */
    public static final int MIN_KEY_LENGTH = SiteProtocol.MIN_SECRET_LENGTH;

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "v1=";
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /** The three headers of a signed request. */
    public record Headers(String timestamp, String nonce, String signature) {
        public Map<String, String> asMap() {
            return Map.of(TIMESTAMP_HEADER, timestamp, NONCE_HEADER, nonce, SIGNATURE_HEADER, signature);
        }

        @Override
        public String toString() {
            return "Headers[timestamp=" + timestamp + ", nonce=" + nonce + ", signature=…]";
        }
    }

    /** @param key the job's key ({@link #jobKey}); at least {@value #MIN_KEY_LENGTH} characters */
    public CallbackSignature(String key) {
        if (key == null || key.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("a callback key must have at least " + MIN_KEY_LENGTH + " characters");
        }
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The key for notices about job {@code jobId} of the site whose secret is {@code siteSecret}: 64 hex digits. */
    public static String jobKey(String siteSecret, String jobId) {
        if (siteSecret == null || siteSecret.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "a site's callback secret must have at least " + MIN_KEY_LENGTH + " characters");
        }
        Mac mac = mac(new SecretKeySpec(siteSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        return HexFormat.of()
                .formatHex(mac.doFinal(("renderfarm-callback-key\n" + jobId).getBytes(StandardCharsets.UTF_8)));
    }

    /** A new random secret for a site: 32 bytes as 64 hex digits. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Signs a request about to be sent at {@code now}, with a fresh nonce. */
    public Headers sign(String method, String path, byte[] body, Instant now) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String timestamp = Long.toString(now.getEpochSecond());
        String n = HexFormat.of().formatHex(nonce);
        return new Headers(timestamp, n, VERSION + HexFormat.of().formatHex(hmac(method, path, timestamp, n, body)));
    }

    /**
     * Checks a received request; returns normally when it is authentic, fresh and not a replay.
     *
     * @throws CallbackRejected saying which check failed (never echoing the expected signature)
     */
    public void verify(String method, String path, byte[] body, Headers presented, Instant now, NonceStore nonces) {
        long sent = checkHeaders(presented, now);
        String signature = presented.signature().strip();
        byte[] expected = hmac(method, path, presented.timestamp().strip(), presented.nonce(), body);
        byte[] given;
        try {
            given = signature.startsWith(VERSION)
                    ? HexFormat.of().parseHex(signature.substring(VERSION.length()))
                    : null;
        } catch (IllegalArgumentException e) {
            given = null;
        }
        if (given == null || !MessageDigest.isEqual(expected, given)) {
            throw new CallbackRejected("the notice's signature does not match");
        }
        if (!nonces.remember(presented.nonce(), Instant.ofEpochSecond(sent).plus(WINDOW))) {
            throw new CallbackRejected("the notice was already received (a replay)");
        }
    }

    /**
     * The checks a receiver can make before it reads the body: all three headers there, the timestamp within the
     * {@link #WINDOW}, the nonce well-formed. A receiver makes them first, so a caller without the key cannot make
     * it read a body; {@link #verify} makes them again.
     *
     * @return the timestamp, in Unix seconds
     * @throws CallbackRejected saying which check failed
     */
    public static long checkHeaders(Headers presented, Instant now) {
        if (presented == null
                || presented.timestamp() == null
                || presented.nonce() == null
                || presented.signature() == null) {
            throw new CallbackRejected("the notice is not signed: it needs " + TIMESTAMP_HEADER + ", " + NONCE_HEADER
                    + " and " + SIGNATURE_HEADER);
        }
        long sent;
        try {
            sent = Long.parseLong(presented.timestamp().strip());
        } catch (NumberFormatException e) {
            throw new CallbackRejected(TIMESTAMP_HEADER + " must be Unix seconds");
        }
        if (Math.abs(now.getEpochSecond() - sent) > WINDOW.toSeconds()) {
            throw new CallbackRejected("the notice's timestamp is more than " + WINDOW.toMinutes()
                    + " minutes from this site's clock (stale, or the clocks disagree)");
        }
        if (!NONCE.matcher(presented.nonce()).matches()) {
            throw new CallbackRejected(NONCE_HEADER + " must be 16 to 64 of A-Z a-z 0-9 _ -");
        }
        return sent;
    }

    private byte[] hmac(String method, String path, String timestamp, String nonce, byte[] body) {
        Mac mac = mac(key);
        mac.update(("renderfarm-callback-v1\n" + method + "\n" + path + "\n" + timestamp + "\n" + nonce + "\n")
                .getBytes(StandardCharsets.UTF_8));
        return mac.doFinal(body == null ? new byte[0] : body);
    }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JVM has " + ALGORITHM, e);
        }
    }

    @Override
    public String toString() {
        return "CallbackSignature[key=…]";
    }
}

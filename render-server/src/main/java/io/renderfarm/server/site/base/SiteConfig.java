package io.renderfarm.server.site.base;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a site is started.
 *
 * @param name         shown in the UI and {@code /api/site}
 * @param bind         the address to listen on; anything but loopback needs a token
 * @param port         the TCP port; 0 picks a free one
 * @param dataDir      database, file contents and job folders
 * @param slots        render slots on this machine
 * @param token        the API token, or null (loopback only)
 * @param maxFileBytes largest accepted file content
 * @param remotes      the sites this one may delegate jobs to ({@link RemoteSites#NONE}: none)
 * @param limits       what callers get at most; the quota of unfinished uploads at least {@code maxFileBytes}
 * @param allowScripts whether jobs may ask Blender to run the Python their scenes carry (profile
 *                     {@code allowScripts}); refused with 422 otherwise, since it runs a client's code on this machine
 * @see #builder()
 */
public record SiteConfig(
        String name,
        String bind,
        int port,
        Path dataDir,
        int slots,
        String token,
        long maxFileBytes,
        RemoteSites remotes,
        SiteLimits limits,
        boolean allowScripts) {
    public SiteConfig {
        remotes = remotes == null ? RemoteSites.NONE : remotes;
        limits = limits == null ? SiteLimits.DEFAULT : limits;
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        }
        if (slots < 1 || slots > 256) {
            throw new IllegalArgumentException("--slots must be 1..256, got " + slots);
        }
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("the file size limit must be positive");
        }
        if (limits.maxPartialBytes() < maxFileBytes) {
            throw new IllegalArgumentException("--max-partial-mb must be at least --max-file-mb, or a file of the"
                    + " largest size could never be uploaded");
        }
        token = token == null || token.isBlank() ? null : token;
        if (token != null && (token.length() < 16 || !token.matches("[A-Za-z0-9._~+/=-]+"))) {
            throw new IllegalArgumentException("--token must be at least 16 characters of letters, digits and ._~+/=-");
        }
        if (token == null && !isLoopback(bind)) {
            throw new IllegalArgumentException("refusing to listen on " + bind + " without a token: anyone who reaches"
                    + " it could render and read your files; pass --token (16+ characters) or bind 127.0.0.1");
        }
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** Whether {@code address} only reaches this machine. */
    public static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind: unknown address '" + address + "'");
        }
    }

    /**
     * A builder whose callers name what they set. Unless set: loopback ({@code 127.0.0.1}) on a free port, one slot,
     * no token, no remote sites, scene scripts refused, and the {@link SiteLimits#DEFAULT default limits} with room
     * for unfinished uploads of at least {@code maxFileBytes}. The name, data folder and file size limit are required.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects a site's settings; {@link #build()} validates them like the constructor. */
    public static final class Builder {
        private String name;
        private String bind = "127.0.0.1";
        private int port;
        private Path dataDir;
        private int slots = 1;
        private String token;
        private long maxFileBytes;
        private RemoteSites remotes = RemoteSites.NONE;
        private SiteLimits limits;
        private boolean allowScripts;

        private Builder() {}

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder bind(String value) {
            bind = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder dataDir(Path value) {
            dataDir = value;
            return this;
        }

        public Builder slots(int value) {
            slots = value;
            return this;
        }

        public Builder token(String value) {
            token = value;
            return this;
        }

        public Builder maxFileBytes(long value) {
            maxFileBytes = value;
            return this;
        }

        public Builder remotes(RemoteSites value) {
            remotes = value;
            return this;
        }

        public Builder limits(SiteLimits value) {
            limits = value;
            return this;
        }

        public Builder allowScripts(boolean value) {
            allowScripts = value;
            return this;
        }

        public SiteConfig build() {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dataDir, "dataDir");
            SiteLimits effective = limits != null
                    ? limits
                    : SiteLimits.DEFAULT.withMaxPartialBytes(
                            Math.max(SiteLimits.DEFAULT.maxPartialBytes(), maxFileBytes));
            return new SiteConfig(
                    name, bind, port, dataDir, slots, token, maxFileBytes, remotes, effective, allowScripts);
        }
    }
}

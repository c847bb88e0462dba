package io.renderfarm.server.site.auth;

import io.renderfarm.engine.site.callback.CallbackSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The site's callback secret, {@code <data>/callback.key}: made once (32 random bytes, readable by the owner only)
 * and kept, so the keys derived from it for delegated jobs still verify their completion notices after a restart.
 */
public final class SiteSecret {
    private SiteSecret() {}

    public static String load(Path dataDir) throws IOException {
        Path file = dataDir.resolve("callback.key");
        if (!Files.exists(file)) {
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException raced) {
                return read(file);
            }
            Files.writeString(
                    file,
                    CallbackSignature.newSecret() + "\n",
                    StandardCharsets.US_ASCII,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.SYNC);
        }
        return read(file);
    }

    private static String read(Path file) throws IOException {
        String secret = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (secret.length() < CallbackSignature.MIN_KEY_LENGTH) {
            throw new IOException(file + " must hold at least " + CallbackSignature.MIN_KEY_LENGTH
                    + " characters; delete it to have a new secret made");
        }
        return secret;
    }
}

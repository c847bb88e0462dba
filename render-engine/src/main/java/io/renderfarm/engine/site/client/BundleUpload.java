package io.renderfarm.engine.site.client;

import io.renderfarm.engine.site.api.FileEntry;
import io.renderfarm.engine.site.bundle.BlobStatus;
import io.renderfarm.engine.site.bundle.Bundle;
import io.renderfarm.engine.site.bundle.UploadResult;
import io.renderfarm.engine.site.protocol.SiteException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a {@link Bundle} to a site content-addressed: asks which hashes the site lacks and uploads only those,
 * each resuming where an earlier interrupted upload stopped. A dropped connection is retried from the offset the
 * site reports, a few times, before giving up.
 */
public final class BundleUpload {
    private static final int ATTEMPTS = 3;

    /** What an upload sent: files and bytes uploaded now, and files the site already held. */
    public record Report(int filesSent, long bytesSent, int filesPresent, long bytesPresent) {}

    private BundleUpload() {}

    public static Report send(SiteClient client, Bundle bundle) throws IOException {
        Map<String, FileEntry> byHash = new LinkedHashMap<>();
        bundle.entries().forEach(e -> byHash.putIfAbsent(e.sha256(), e));
        List<BlobStatus> missing = client.missing(byHash.keySet()).missing();
        int filesSent = 0;
        long bytesSent = 0;
        for (BlobStatus blob : missing) {
            FileEntry entry = byHash.get(blob.sha256());
            if (entry == null) {
                continue; // the site listed a hash it was not asked about; nothing of ours to send
            }
            bytesSent += uploadOne(client, bundle, entry, blob.received());
            filesSent++;
        }
        long present = byHash.values().stream().mapToLong(FileEntry::size).sum() - missingBytes(missing, byHash);
        return new Report(filesSent, bytesSent, byHash.size() - missing.size(), present);
    }

    private static long missingBytes(List<BlobStatus> missing, Map<String, FileEntry> byHash) {
        return missing.stream()
                .map(b -> byHash.get(b.sha256()))
                .filter(e -> e != null)
                .mapToLong(FileEntry::size)
                .sum();
    }

    private static long uploadOne(SiteClient client, Bundle bundle, FileEntry entry, long received) throws IOException {
        long offset = received;
        long sent = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                UploadResult result = client.upload(bundle.localFile(entry), entry.sha256(), entry.size(), offset);
                sent += result.received() - offset;
                if (result.complete()) {
                    return sent;
                }
                if (result.received() <= offset) {
                    throw new SiteException(
                            0, null, "the site took no bytes of " + entry.path() + " at offset " + offset);
                }
                offset = result.received();
            } catch (SiteException e) {
                if (e.status() != 0 || attempt >= ATTEMPTS) {
                    throw e;
                }
                long before = offset;
                offset = client.missing(List.of(entry.sha256())).missing().stream()
                        .findFirst()
                        .map(BlobStatus::received)
                        .orElse(entry.size());
                sent += Math.max(0, offset - before);
                if (offset >= entry.size()) {
                    return sent;
                }
            }
        }
    }
}

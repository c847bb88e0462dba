package io.renderfarm.engine.site.api;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import java.util.List;
import java.util.Map;

/**
 * The site's resource database ({@code GET /api/site}): what it is, what its machine offers, its slots and
 * their status, its job counts by state and its file storage.
 *
 * @param name         the site's name
 * @param version      the software version
 * @param protocol     {@link SiteProtocol#VERSION}
 * @param host         the machine's name
 * @param capabilities renderers with versions, cores, memory, GPU
 * @param labels       the capability labels ({@code blender}, {@code blender-3.4}, …)
 * @param slots        every slot with its status
 * @param jobs         job counts by state name
 * @param storage      {@code blobs}, {@code blobBytes}, {@code bytesReceived} (uploaded since the site started),
 *                     {@code maxFileBytes}
 * @param remoteSites  the URLs of the sites this one may delegate jobs to
 */
public record SiteInfo(
        String name,
        String version,
        int protocol,
        String host,
        Capabilities capabilities,
        List<String> labels,
        List<SlotView> slots,
        Map<String, Integer> jobs,
        Map<String, Long> storage,
        List<String> remoteSites) {}

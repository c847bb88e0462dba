package io.renderfarm.server.site;

import io.renderfarm.engine.site.contract.SiteContract;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The standalone site answers the protocol's contract (the Jenkins plugin's {@code SiteContractITest} too). */
class SiteContractTest extends SiteContract {
    private static final String TOKEN = "contract-token-0123456789";

    @TempDir
    Path dir;

    private InProcessSite site;

    @BeforeEach
    void startSite() throws Exception {
        site = InProcessSite.start(dir, TOKEN, 1024 * 1024);
    }

    @AfterEach
    void stopSite() {
        site.close();
    }

    @Override
    protected URI base() {
        return site.uri();
    }

    @Override
    protected Map<String, String> credentials() {
        return Map.of("Authorization", "Bearer " + TOKEN);
    }
}

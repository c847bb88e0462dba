package io.renderfarm.server.site;

import io.renderfarm.engine.testing.TestScenes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium and ChromeDriver, headless, for the web UI tests; nothing is downloaded. */
public final class HeadlessChromium {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {}

    /**
     * Whether both are installed (scripts/test installs them); under {@value TestScenes#REQUIRE_RENDERERS} (CI) their
     * absence fails the test instead.
     */
    public static boolean installed() {
        return TestScenes.required(
                "chromium and chromedriver",
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                Boolean.getBoolean(TestScenes.REQUIRE_RENDERERS));
    }

    /** A browser with its profile in {@code profileDir}; the caller quits it. */
    public static ChromeDriver start(Path profileDir) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1280,1400",
                "--user-data-dir=" + Files.createDirectories(profileDir));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}

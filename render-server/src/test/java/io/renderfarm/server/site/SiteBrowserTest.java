package io.renderfarm.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.site.api.JobView;
import io.renderfarm.engine.site.api.Where;
import io.renderfarm.engine.site.client.SiteClient;
import io.renderfarm.engine.site.protocol.SiteJson;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.server.faults.ServeProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web UI in real headless Chromium (Debian's chromium and chromedriver; no driver is downloaded): the job page
 * shows a sample as it arrives over the event stream and where the job renders as a decision taken when it arrived,
 * its priority can be changed, Cancel asks first and then cancels the job, and the page shows it canceled, its
 * unrendered frames as such; the chunk table lists a failed job's attempts and opens the log of the one that failed;
 * the page shows the time left while frames render, and plays the preview movie at the end.
 */
class SiteBrowserTest {
    @TempDir
    static Path dir;

    private static ServeProcess site;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "needs blender");
        assumeTrue(HeadlessChromium.installed(), "needs chromium and chromedriver");
        site = ServeProcess.start(dir.resolve("data"), 1);
        browser = HeadlessChromium.start(dir.resolve("chrome"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (site != null) {
            site.close();
        }
    }

    @Test
    void shouldShowALiveSampleAndCancelTheJobFromItsPage() throws Exception {
        SiteClient client = site.client();
        Path scene = TestScenes.blenderScene(dir.resolve("scene"), "ui", 1, 30, 160, 120, 64);
        JobView job = Jobs.submit(client, scene, "1-30", Jobs.blenderProfile(2), Where.AUTO);

        browser.get(site.uri() + "/job.html?id=" + job.id());
        await().atMost(Duration.ofMinutes(2)).until(this::aSampleImageIsShown);
        screenshot("job-running.png");
        WebElement priority = browser.findElement(By.id("priority"));
        assertThat(priority.getAttribute("value")).isEqualTo("50");
        priority.clear();
        priority.sendKeys("70");
        browser.findElement(By.id("set-priority")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.job(job.id()).priority() == 70);
        assertThat(browser.findElement(By.id("priority-note")).getText())
                .isEqualTo("priority 70 counts from the next chunk");
        assertThat(browser.findElement(By.id("decision")).getText())
                .isEqualTo("local, decided when the job arrived: 1 local slot(s) idle");

        browser.findElement(By.id("cancel")).click();
        assertThat(browser.switchTo().alert().getText()).startsWith("Cancel this job?");
        browser.switchTo().alert().dismiss();
        assertThat(client.job(job.id()).state().isFinal())
                .as("the job ended after the cancel was dismissed")
                .isFalse();
        assertThat(browser.findElement(By.id("cancel")).isEnabled()).isTrue();

        browser.findElement(By.id("cancel")).click();
        browser.switchTo().alert().accept();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> browser.findElement(By.id("state")).getText().equals("CANCELED"));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            screenshot("job-timeout.png");
            throw new AssertionError(
                    "state " + browser.findElement(By.id("state")).getText() + " / site "
                            + client.job(job.id()).state() + "\n"
                            + browser.findElement(By.id("log")).getText() + "\nerror: "
                            + browser.findElement(By.id("error")).getText(),
                    e);
        }
        screenshot("job-canceled.png");

        assertThat(client.job(job.id()).state()).isEqualTo(JobState.CANCELED);
        assertThat(client.job(job.id()).reason()).isEqualTo("canceled from the web UI");
        assertThat(browser.findElement(By.id("cancel")).isEnabled()).isFalse();
        assertThat(browser.findElement(By.id("error")).getText()).isEmpty();
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        !browser.findElements(By.cssSelector(".frame.canceled")).isEmpty());
        assertThat(browser.findElements(By.cssSelector(".frame.pending")))
                .as("frames shown pending after the cancel")
                .isEmpty();
        assertThat(browser.findElement(By.cssSelector(".frame.canceled .state")).getText())
                .isEqualTo("not rendered: canceled");
    }

    @Test
    void shouldShowTheTimeLeftWhileRenderingAndThenPlayTheMovieOfEveryFrame() throws Exception {
        assumeTrue(io.renderfarm.engine.testing.Ffprobe.present(), "needs ffmpeg");
        SiteClient client = site.client();
        Path scene = TestScenes.blenderScene(dir.resolve("movie"), "movie", 1, 6, 160, 120, 48);
        JobView job = Jobs.submit(client, scene, "1-6", Jobs.blenderProfile(0));

        browser.get(site.uri() + "/job.html?id=" + job.id());
        await().atMost(Duration.ofMinutes(2))
                .until(() ->
                        browser.findElement(By.id("progress-text")).getText().contains(" left"));
        String progress = browser.findElement(By.id("progress-text")).getText();
        await().atMost(Duration.ofMinutes(2))
                .until(() -> browser.findElement(By.id("state")).getText().equals("SUCCEEDED"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElement(By.id("movie")).isDisplayed());
        screenshot("job-movie.png");

        assertThat(progress).matches("\\d of 6 frames · about \\d+ (s|min \\d+ s) left");
        WebElement movie = browser.findElement(By.id("movie"));
        assertThat(movie.getAttribute("src")).contains("/api/jobs/" + job.id() + "/samples/preview.mp4");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        if (!""
                .equals(js.executeScript(
                        "return arguments[0].canPlayType('video/mp4; codecs=\"avc1.640015\"')", movie))) {
            // 6 frames at the scene's 24 fps: a quarter of a second
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> js.executeScript("return arguments[0].readyState", movie) instanceof Number n
                            && n.intValue() >= 1);
            assertThat(((Number) js.executeScript("return arguments[0].duration", movie)).doubleValue())
                    .isBetween(0.2, 0.3);
        }
        assertThat(browser.findElement(By.id("progress-text")).getText())
                .as("no ETA once finished")
                .isEqualTo("6 of 6 frames");
    }

    @Test
    void shouldListJobsAndTheResourceDatabase() {
        browser.get(site.uri() + "/resources.html");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !browser.findElements(By.cssSelector("tr[data-slot='slot-1']"))
                        .isEmpty());

        assertThat(browser.findElement(By.id("renderers")).getText()).contains("blender");
        browser.get(site.uri() + "/");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> browser.findElement(By.id("no-jobs")).isDisplayed()
                        || !browser.findElements(By.cssSelector("tr[data-job]")).isEmpty());
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isFalse();
    }

    @Test
    void shouldListTheChunksOfAFailedJobAndShowTheLogOfItsFailedAttempt() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "needs povray");
        SiteClient client = site.client();
        Path scene = TestScenes.povSceneWithMissingInclude(dir.resolve("broken"), "include");
        JobView job = Jobs.submit(
                client,
                scene,
                "1-2",
                SiteJson.lenient()
                        .readTree("{\"renderer\":\"povray\",\"chunkSize\":1,\"preview\":{\"enabled\":false}}"));
        await().atMost(Duration.ofMinutes(1)).until(() -> client.job(job.id()).state() == JobState.FAILED);

        browser.get(site.uri() + "/job.html?id=" + job.id());
        By failedRow = By.cssSelector("table#chunks tr.failed");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !browser.findElements(failedRow).isEmpty());
        WebElement row = browser.findElement(failedRow);
        assertThat(row.getText()).contains("slot-1").contains("scene: File '").contains("Cannot open include file");
        row.findElement(By.cssSelector("button.log-button")).click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.findElement(By.id("chunk-log"))
                        .getText()
                        .contains("Parse Error: Cannot open include file"));
        screenshot("job-chunk-log.png");

        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("FAILED");
        assertThat(browser.findElement(By.id("reason")).getText()).startsWith("scene error: ");
        assertThat(browser.findElement(By.id("chunk-log")).getText()).startsWith("# job " + job.id());
        assertThat(browser.findElement(By.id("error")).getText()).isEmpty();
    }

    private boolean aSampleImageIsShown() {
        for (WebElement img : browser.findElements(By.cssSelector("img.sample"))) {
            Object width = ((JavascriptExecutor) browser)
                    .executeScript("return arguments[0].complete ? arguments[0].naturalWidth : 0", img);
            if (width instanceof Number n && n.intValue() > 0) {
                return true;
            }
        }
        return false;
    }

    private void screenshot(String name) throws Exception {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", "browser-test", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}

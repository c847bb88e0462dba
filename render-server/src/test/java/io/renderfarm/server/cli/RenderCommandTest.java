package io.renderfarm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.event.EventType;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.testing.Ffprobe;
import io.renderfarm.engine.testing.ManualClock;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.engine.verify.FrameVerifier;
import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code renderfarm render} as a user runs it: real renders, JSON events, exit codes and refusals. */
class RenderCommandTest {
    @TempDir
    Path tmp;

    @Test
    void shouldNameTheJobByTheCommandsClock() throws Exception {
        Path scene = TestScenes.povScene(tmp.resolve("scene"), "shot");
        RenderCommand command = new RenderCommand();
        new CommandLine(command)
                .parseArgs(
                        scene.toString(),
                        "--frames",
                        "1-2",
                        "--out",
                        tmp.resolve("out").toString());
        command.clock = new ManualClock(Instant.parse("2030-01-01T12:00:00Z"));

        assertThat(command.buildJob().id()).isEqualTo("render-" + Long.toString(1_893_499_200_000L, 36));
    }

    @Test
    void shouldRenderABlenderSceneOnTwoSlotsPrintingOneJsonEventPerLine() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        Path scene = TestScenes.blenderSceneWithTexture(tmp.resolve("shot"), "sh010", 1, 5, 64, 48, 4);
        Path out = tmp.resolve("out");

        CliRun run = CliRun.of(
                "render", scene.toString(), "--frames", "1-5", "--out", out.toString(), "--slots", "2", "--json");

        assertThat(run.exitCode).as(run.err).isZero();
        List<JobEvent> events = run.events();
        assertThat(events.get(0)).isInstanceOf(JobEvent.JobStarted.class);
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(JobEvent.JobFinished.class, last -> {
            assertThat(last.state()).isEqualTo("SUCCEEDED");
            assertThat(last.done()).isEqualTo(5);
        });
        assertThat(events).allMatch(e -> e.t() >= 0);
        assertThat(events)
                .extracting(JobEvent::type)
                .contains(
                        EventType.CHUNK_STARTED.wireName(),
                        EventType.FRAME_DONE.wireName(),
                        EventType.SAMPLE.wireName(),
                        EventType.PROGRESS.wireName());
        for (int f = 1; f <= 5; f++) {
            BufferedImage image =
                    ImageIO.read(out.resolve(String.format("sh010_%04d.png", f)).toFile());
            assertThat(image.getWidth()).isEqualTo(64);
            assertThat(image.getHeight()).isEqualTo(48);
        }
        assertThat(out.resolve("samples"))
                .isDirectoryContaining(p -> p.getFileName().toString().startsWith("preview_"));
    }

    @Test
    void shouldRenderAnOpenExrMultilayerScenesOwnFramesWithThumbnailsTheWholeSheetAMovieAndAnEta() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        assumeTrue(Ffprobe.present(), "ffmpeg is not installed");
        Path scene = TestScenes.blenderScene(
                tmp.resolve("shot"),
                "sh020",
                1,
                3,
                48,
                32,
                1,
                new TestScenes.Output("OPEN_EXR_MULTILAYER", "32", "PIZ", "//render/sh020_##", 25));
        Path out = tmp.resolve("out");

        CliRun run = CliRun.of(
                "render",
                scene.toString(),
                "--frames",
                "1-3",
                "--out",
                out.toString(),
                "--slots",
                "2",
                "--chunk",
                "1",
                "--json");

        assertThat(run.exitCode).as(run.err).isZero();
        for (int f = 1; f <= 3; f++) {
            Path frame = out.resolve(String.format("sh020_%02d.exr", f));
            assertThat(new FrameVerifier().verifyAndDecode(frame).exr().colourLayer())
                    .isEqualTo("ViewLayer.Combined");
            assertThat(out.resolve(String.format("samples/thumb_sh020_%02d.png", f)))
                    .isRegularFile();
        }
        List<JobEvent> events = run.events();
        assertThat(run.events(JobEvent.Sample.class))
                .filteredOn(e -> "contact-sheet".equals(e.kind()))
                .last()
                .satisfies(e -> assertThat(e.frame()).isEqualTo(3));
        assertThat(run.events(JobEvent.Sample.class))
                .filteredOn(e -> "movie".equals(e.kind()))
                .last()
                .satisfies(e -> assertThat(e.path())
                        .isEqualTo(out.resolve("samples/preview.mp4").toString()));
        assertThat(Ffprobe.videoStream(out.resolve("samples/preview.mp4"))).isEqualTo("h264,48,32,25/1,3");
        assertThat(run.events(JobEvent.Progress.class)).anyMatch(e -> e.eta() != null);
    }

    @Test
    void shouldRenderAPovRaySceneWithIncludesAndTextures() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        Path scene = TestScenes.povScene(tmp.resolve("shot"), "orbit", 64, 48);
        Path out = tmp.resolve("out");

        CliRun run = CliRun.of("render", scene.toString(), "--frames", "1-6x2", "--out", out.toString(), "--json");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(out.resolve("orbit_0001.png")).isRegularFile();
        assertThat(out.resolve("orbit_0003.png")).isRegularFile();
        assertThat(out.resolve("orbit_0005.png")).isRegularFile();
        assertThat(out.resolve("orbit_0002.png")).doesNotExist();
    }

    @Test
    void shouldExitOneNamingTheRenderersErrorWhenEveryAttemptFails() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        Path scene = tmp.resolve("broken.pov");
        Files.writeString(
                scene,
                "camera { location <0,1,-4> look_at <0,0,0> }\nsphere { <0,0,0>, 1 pigment { colour Nonsense } }\n");

        CliRun run = CliRun.of(
                "render",
                scene.toString(),
                "--frames",
                "1-2",
                "--out",
                tmp.resolve("out").toString(),
                "--no-preview");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("job failed").contains("Nonsense");
    }

    @Test
    void shouldEndABrokenSceneAtOnceAsASceneErrorPrintingTheFailedAttemptsLogAndLastLines() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        Path scene = TestScenes.povSceneWithMissingInclude(tmp.resolve("shot"), "include");
        Path out = tmp.resolve("out");

        CliRun run = CliRun.of(
                "render", scene.toString(), "--frames", "1-4", "--out", out.toString(), "--no-preview", "--chunk", "1");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err)
                .contains("renderfarm: job failed: scene error: File '" + scene.toAbsolutePath() + "' line 2:"
                        + " Parse Error: Cannot open include file inc/missing_textures.inc. (frame ");
        assertThat(run.out).doesNotContain("retrying").doesNotContain("blocklisted");
        Path logs = out.resolve(".renderfarm").resolve("logs");
        String logLine = run.out
                .lines()
                .filter(l -> l.matches("chunk \\d+ log: .*"))
                .findFirst()
                .orElseThrow();
        Path log = Path.of(logLine.substring(logLine.indexOf(": ") + 2));
        assertThat(log).hasParent(logs).isRegularFile();
        assertThat(Files.readString(log)).contains("Parse Error: Cannot open include file");
        assertThat(run.out).contains("    | Fatal error in parser: Cannot parse input.");
    }

    @Test
    void shouldListEveryAttemptsLogInJsonEventsAndKeepAnEarlierRunsLogs() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        Path scene = TestScenes.povScene(tmp.resolve("shot"), "orbit", 32, 24);
        Path out = tmp.resolve("out");
        String[] args = {
            "render",
            scene.toString(),
            "--frames",
            "1-3",
            "--out",
            out.toString(),
            "--json",
            "--chunk",
            "1",
            "--no-preview",
            "--slots",
            "1"
        };

        CliRun first = CliRun.of(args);
        Files.delete(out.resolve("orbit_0002.png")); // the second run renders this frame again
        CliRun second = CliRun.of(args);

        assertThat(first.exitCode).as(first.err).isZero();
        assertThat(second.exitCode).as(second.err).isZero();
        List<JobEvent.ChunkLog> firstLogs = first.events(JobEvent.ChunkLog.class);
        List<JobEvent.ChunkLog> secondLogs = second.events(JobEvent.ChunkLog.class);
        assertThat(firstLogs).extracting(e -> e.chunk()).containsExactly(1, 2, 3);
        assertThat(secondLogs).extracting(e -> e.chunk()).containsExactly(4);
        assertThat(secondLogs.get(0).frames()).isEqualTo("2");
        for (JobEvent.ChunkLog e : firstLogs) {
            assertThat(e.state()).isEqualTo("succeeded");
            assertThat(Path.of(e.path()))
                    .isRegularFile()
                    .hasParent(out.resolve(".renderfarm").resolve("logs"));
            assertThat(Files.readString(Path.of(e.path())))
                    .contains("# slot slot-1 on ")
                    .contains("POV-Ray");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "  ",
                "5-1",
                "1-",
                "-3",
                "a-b",
                "1-10x0",
                "1-10x",
                "1,,2",
                "1-2000000",
                "x5",
                "1.5",
                "99999999999"
            })
    void shouldRefuseAMalformedFrameSpecWithOneClearLine(String spec) throws Exception {
        Path scene = tmp.resolve("scene.pov");
        Files.writeString(scene, "// empty\n");

        CliRun run = CliRun.of(
                "render",
                scene.toString(),
                "--frames",
                spec,
                "--out",
                tmp.resolve("out").toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err.strip())
                .startsWith("renderfarm: bad --frames:")
                .doesNotContain("\n")
                .doesNotContain("Exception");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void shouldRefuseAMissingScene() {
        CliRun run = CliRun.of(
                "render",
                tmp.resolve("nope.blend").toString(),
                "--frames",
                "1-3",
                "--out",
                tmp.resolve("out").toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err.strip()).isEqualTo("renderfarm: scene not found: " + tmp.resolve("nope.blend"));
    }

    @Test
    void shouldRefuseAFileThatIsNotABlenderScene() throws Exception {
        Path fake = tmp.resolve("notes.blend");
        Files.writeString(fake, "these are notes, not a scene");

        CliRun run = CliRun.of(
                "render",
                fake.toString(),
                "--frames",
                "1-3",
                "--out",
                tmp.resolve("out").toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("notes.blend").doesNotContain("Exception");
    }

    @Test
    void shouldRefuseAnUnknownRenderer() throws Exception {
        Path scene = tmp.resolve("scene.pov");
        Files.writeString(scene, "// empty\n");

        CliRun run = CliRun.of(
                "render",
                scene.toString(),
                "--frames",
                "1",
                "--out",
                tmp.resolve("out").toString(),
                "--renderer",
                "maya");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("unknown renderer 'maya'");
    }

    @Test
    void shouldRefuseAnUnknownProfileNamingTheBuiltInOnes() throws Exception {
        Path scene = tmp.resolve("scene.pov");
        Files.writeString(scene, "// empty\n");

        CliRun run = CliRun.of(
                "render",
                scene.toString(),
                "--frames",
                "1",
                "--out",
                tmp.resolve("out").toString(),
                "--profile",
                "nosuch");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err)
                .isEqualTo("renderfarm: no profile file or built-in profile is named 'nosuch'; the built-in"
                        + " profiles are blender, povray, or give the path of a profile JSON file\n");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void shouldRefuseAnOutputFolderUnderAFileNamingOut() throws Exception {
        Path scene = tmp.resolve("scene.pov");
        Files.writeString(scene, "// empty\n");
        Path file = Files.writeString(tmp.resolve("frames.txt"), "not a folder");
        Path out = file.resolve("shot/out");

        CliRun run = CliRun.of("render", scene.toString(), "--frames", "1", "--out", out.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err)
                .isEqualTo("renderfarm: --out " + out + " cannot be made: " + file + " is a file, not a folder\n");
        assertThat(file).hasContent("not a folder");
    }

    @Test
    void shouldSayWhereTheFramesGoWhenTheJobStartsMakingTheMissingFolders() throws Exception {
        assumeTrue(TestScenes.hasPovray(), "povray is not installed");
        Path scene = TestScenes.povScene(tmp.resolve("shot"), "deep", 32, 24);
        Path out = tmp.resolve("renders/sh010/v1");

        CliRun run = CliRun.of("render", scene.toString(), "--frames", "1", "--out", out.toString(), "--no-preview");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.err).contains("renderfarm: frames go to " + out.toAbsolutePath() + "\n");
        assertThat(out.resolve("deep_0001.png")).isRegularFile();
    }

    @Test
    void shouldRefuseAPortInUseOnOneLineCreatingNothing() throws Exception {
        Path data = tmp.resolve("data");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            CliRun run = CliRun.of("serve", "--port", Integer.toString(port), "--data", data.toString());

            assertThat(run.exitCode).isEqualTo(2);
            assertThat(run.err)
                    .isEqualTo("renderfarm: --port " + port + " on 127.0.0.1 is in use by another program;"
                            + " stop it or pick another --port (0 picks a free one)\n");
            assertThat(run.out).isEmpty();
        }
        assertThat(data).as("the data folder of a site that could not start").doesNotExist();
    }

    @Test
    void shouldRefuseASceneWithoutAKnownExtension() throws Exception {
        Path scene = tmp.resolve("scene.ma");
        Files.writeString(scene, "//Maya ASCII");

        CliRun run = CliRun.of(
                "render",
                scene.toString(),
                "--frames",
                "1",
                "--out",
                tmp.resolve("out").toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("cannot tell the renderer from 'scene.ma'");
    }

    @Test
    void shouldRefuseAnOutputFolderThatIsAFile() throws Exception {
        Path scene = tmp.resolve("scene.pov");
        Files.writeString(scene, "// empty\n");
        Path file = Files.writeString(tmp.resolve("frames.txt"), "not a folder");

        CliRun run = CliRun.of("render", scene.toString(), "--frames", "1", "--out", file.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err.strip()).isEqualTo("renderfarm: --out names a file, not a folder: " + file);
        assertThat(file).hasContent("not a folder");
    }

    @Test
    void shouldRefuseADataFolderThatIsAFileBeforeServing() throws Exception {
        Path file = Files.writeString(tmp.resolve("data"), "not a folder");

        CliRun run = CliRun.of("serve", "--port", "0", "--data", file.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err.strip()).isEqualTo("renderfarm: --data names a file, not a folder: " + file);
        assertThat(file).hasContent("not a folder");
    }

    @Test
    void shouldRefuseAFileSizeLimitThatWouldOverflowNamingTheOption() {
        Path data = tmp.resolve("overflow-data");

        CliRun run = CliRun.of("serve", "--port", "0", "--data", data.toString(), "--max-file-mb", "17592186044417");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err.strip())
                .isEqualTo("renderfarm: --max-file-mb must be 1..1048576 (1 TiB), got 17592186044417");
        assertThat(data).doesNotExist();
    }

    @Test
    void shouldRefuseToServeAnEmptyDatabaseNextToJobFoldersNamingThem() throws Exception {
        Path data = tmp.resolve("emptied");
        Files.createDirectories(data.resolve("jobs/20990101-000000-aaaaaaaa/files"));
        Files.createFile(data.resolve("site.db"));

        CliRun run = CliRun.of("serve", "--port", "0", "--data", data.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err.lines().toList())
                .singleElement()
                .asString()
                .startsWith("renderfarm: the data folder " + data)
                .contains("1 job folder(s) (jobs/20990101-000000-aaaaaaaa)")
                .contains("site.db is missing or empty");
        assertThat(CliRun.of("serve", "--port", "0", "--data", data.toString()).exitCode)
                .as("still, the second time")
                .isEqualTo(2);
        for (String file : List.of("site.db", "site.db-wal", "site.db-shm")) {
            Files.deleteIfExists(data.resolve(file));
        }
        CliRun missing = CliRun.of("serve", "--port", "0", "--data", data.toString());
        assertThat(missing.exitCode).isEqualTo(2);
        assertThat(missing.err).contains("site.db is missing or empty");
    }
}

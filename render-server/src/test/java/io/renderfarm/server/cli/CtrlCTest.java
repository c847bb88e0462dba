package io.renderfarm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.server.faults.ServeProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a real {@code renderfarm render} process: renderers killed, finished frames kept, exit 130. */
class CtrlCTest {
    @TempDir
    Path tmp;

    @Test
    void shouldCancelOnSigintKeepingFinishedFramesAndExit130() throws Exception {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        Path scene = TestScenes.blenderScene(tmp.resolve("shot"), "long", 1, 48, 160, 120, 64);
        Path out = tmp.resolve("out");
        List<String> cmd = new ArrayList<>(ServeProcess.javaCommand());
        cmd.addAll(List.of(
                "render",
                scene.toString(),
                "--frames",
                "1-48",
                "--out",
                out.toString(),
                "--json",
                "--no-preview",
                "--chunk",
                "4"));
        Process cli = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<JobEvent> events = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> readEvents(cli, events));
        reader.start();
        await().atMost(120, TimeUnit.SECONDS)
                .until(() -> events.stream().anyMatch(e -> e instanceof JobEvent.FrameDone));

        new ProcessBuilder("kill", "-INT", Long.toString(cli.pid())).start().waitFor();

        assertThat(cli.waitFor(20, TimeUnit.SECONDS)).isTrue();
        reader.join(5000);
        assertThat(cli.exitValue()).isEqualTo(RenderFarmCli.EXIT_CANCELED);
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(JobEvent.JobFinished.class, last -> {
            assertThat(last.state()).isEqualTo("CANCELED");
            assertThat(last.done()).isLessThan(48);
        });
        long framesDone =
                events.stream().filter(e -> e instanceof JobEvent.FrameDone).count();
        assertThat(new DirectoryFrameStore(out).verifiedFrames()).hasSize((int) framesDone);
        assertThat(ProcessHandle.allProcesses()
                        .filter(ProcessHandle::isAlive)
                        .filter(p -> p.info()
                                .arguments()
                                .map(a -> List.of(a).contains(scene.toString()))
                                .orElse(false)))
                .as("renderer processes still rendering the scene")
                .isEmpty();
    }

    private static void readEvents(Process cli, List<JobEvent> events) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                events.add(CliRun.parse(line));
            }
        } catch (java.io.IOException e) {
            // the process ended
        }
    }
}

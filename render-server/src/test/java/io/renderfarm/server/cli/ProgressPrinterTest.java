package io.renderfarm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.event.EventData;
import io.renderfarm.engine.event.EventType;
import io.renderfarm.engine.event.JobEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plain (non-terminal) progress lines: each finished frame says how long the rest will take, once known. */
class ProgressPrinterTest {
    @Test
    void shouldSayTheTimeLeftOnEachFrameLineOnceTheEngineEstimatedIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter printer = ProgressPrinter.forTerminal(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        printer.accept(new JobEvent(
                EventType.JOB_STARTED, 0, "j", Map.of("frames", "1-3", "total", 3, "renderer", "blender", "slots", 2)));
        printer.accept(new JobEvent(
                EventType.PROGRESS, 1, "j", Map.of("chunk", 1, "frame", 1, "fraction", 0.5, "done", 0, "total", 3)));
        printer.accept(
                new JobEvent(EventType.FRAME_DONE, 2, "j", EventData.frameDone(1, "/o/f_0001.exr", "ab", 1, 3, false)));
        printer.accept(new JobEvent(
                EventType.PROGRESS,
                3,
                "j",
                Map.of("chunk", 2, "frame", 2, "fraction", 0.5, "done", 1, "total", 3, "eta", 125)));
        printer.accept(
                new JobEvent(EventType.FRAME_DONE, 4, "j", EventData.frameDone(2, "/o/f_0002.exr", "cd", 2, 3, false)));

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .contains("frame 1 done (1/3)", "frame 2 done (2/3), about 2 min 05 s left");
        assertThat(ProgressPrinter.duration(59)).isEqualTo("59 s");
        assertThat(ProgressPrinter.duration(7_500)).isEqualTo("2 h 05 min");
    }
}

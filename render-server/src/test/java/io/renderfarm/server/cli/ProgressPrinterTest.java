package io.renderfarm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderfarm.engine.event.JobEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The plain (non-terminal) progress lines: each finished frame says how long the rest will take, once known. */
class ProgressPrinterTest {
    @Test
    void shouldSayTheTimeLeftOnEachFrameLineOnceTheEngineEstimatedIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter printer = ProgressPrinter.forTerminal(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        printer.accept(new JobEvent.JobStarted(0, "j", "1-3", 3, "blender", 2));
        printer.accept(new JobEvent.Progress(1, "j", 1, 1, 0.5, 0, 3, null));
        printer.accept(new JobEvent.FrameDone(2, "j", 1, "/o/f_0001.exr", "ab", 1, 3, false));
        printer.accept(new JobEvent.Progress(3, "j", 2, 2, 0.5, 1, 3, 125L));
        printer.accept(new JobEvent.FrameDone(4, "j", 2, "/o/f_0002.exr", "cd", 2, 3, false));

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .contains("frame 1 done (1/3)", "frame 2 done (2/3), about 2 min 05 s left");
        assertThat(ProgressPrinter.duration(59)).isEqualTo("59 s");
        assertThat(ProgressPrinter.duration(7_500)).isEqualTo("2 h 05 min");
    }
}

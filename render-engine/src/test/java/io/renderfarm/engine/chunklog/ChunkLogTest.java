package io.renderfarm.engine.chunklog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChunkLogTest {
    @Test
    void shouldKeepEveryLineOfAShortLog() {
        ChunkLog log = new ChunkLog(100, 100);
        log.add("Blender 3.4.1");
        log.add("Read blend: /s/a.blend");

        assertThat(log.text()).isEqualTo("Blender 3.4.1\nRead blend: /s/a.blend\n");
        assertThat(log.truncated()).isFalse();
    }

    @Test
    void shouldKeepTheHeadAndTheTailOfALongLogAndSayWhatWasLeftOut() {
        ChunkLog log = new ChunkLog(21, 25);
        for (int i = 1; i <= 100; i++) {
            log.add("line " + i); // 7, 8 or 9 characters with the newline
        }

        String text = log.text();
        assertThat(text).startsWith("line 1\nline 2\nline 3\n").endsWith("line 98\nline 99\nline 100\n");
        assertThat(text).contains("[… 94 line(s), 746 characters left out …]");
        assertThat(text).doesNotContain("line 50\n");
        assertThat(log.truncated()).isTrue();
    }

    @Test
    void shouldCutALineTooLongToShareTheTail() {
        ChunkLog log = new ChunkLog(0, 10_000);
        log.add("x".repeat(100_000));
        log.add("the end");

        assertThat(log.text()).hasSizeLessThan(ChunkLog.MAX_LINE_CHARS + 20).endsWith(" […]\nthe end\n");
    }

    @Test
    void shouldGiveTheLastLinesThatSaySomething() {
        ChunkLog log = new ChunkLog(30, 60);
        for (String line :
                new String[] {"Blender 3.4.1", "Read blend", "Fra:1 Sample 1/4", "", "Error: Out of memory", "  "}) {
            log.add(line);
        }

        assertThat(log.lastLines(3)).containsExactly("Read blend", "Fra:1 Sample 1/4", "Error: Out of memory");
    }
}

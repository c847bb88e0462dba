package io.renderfarm.engine.site.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class SseReaderTest {
    private static SseReader reader(String text) {
        return new SseReader(new BufferedReader(new StringReader(text)));
    }

    @Test
    void shouldReadRecordsWithIdsEventNamesAndData() throws Exception {
        SseReader in = reader(
                "retry: 2000\n\nid: 7\nevent: sample\ndata: {\"a\":1}\n\n: keep-alive\n\nevent: progress\ndata:{\"b\":2}\n\n");

        assertThat(in.next()).isEqualTo(new SseReader.Record("7", "sample", "{\"a\":1}"));
        assertThat(in.next()).isEqualTo(new SseReader.Record(null, "progress", "{\"b\":2}"));
        assertThat(in.next()).isNull();
    }

    @Test
    void shouldJoinMultiLineData() throws Exception {
        assertThat(reader("data: one\ndata: two\n\n").next().data()).isEqualTo("one\ntwo");
    }

    @Test
    void shouldDropARecordCutOffByTheEndOfTheStream() throws Exception {
        assertThat(reader("id: 1\ndata: {\"partial\"").next()).isNull();
    }
}

package io.renderfarm.engine.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {
    private static final List<String> NAMES = List.of(
            "povray", "blender", "mantra", "arnold", "cycles", "vray", "redshift", "appleseed", "luxcore", "mitsuba");

    private static Map<String, String> scrambled() {
        Map<String, String> renderers = new HashMap<>();
        NAMES.forEach(name -> renderers.put(name, "1." + name.length()));
        return renderers;
    }

    @Test
    void shouldListRenderersByNameWhateverOrderTheyWereFoundIn() {
        Capabilities caps = new Capabilities(scrambled(), 2, 1024, false);

        assertThat(caps.renderers().keySet())
                .containsExactly(
                        "appleseed",
                        "arnold",
                        "blender",
                        "cycles",
                        "luxcore",
                        "mantra",
                        "mitsuba",
                        "povray",
                        "redshift",
                        "vray");
    }

    @Test
    void shouldWriteRenderersToJsonByName() throws Exception {
        String json = new ObjectMapper().writeValueAsString(new Capabilities(scrambled(), 2, 1024, false));

        assertThat(json).contains("{\"appleseed\":\"1.9\",\"arnold\":\"1.6\",\"blender\":\"1.7\"");
    }

    @Test
    void shouldKeepRenderersUnmodifiableAndRefuseAMissingVersion() {
        Capabilities caps = new Capabilities(Map.of("blender", "3.4.1"), 2, 1024, false);
        Map<String, String> withNull = new HashMap<>();
        withNull.put("blender", null);

        assertThatThrownBy(() -> caps.renderers().put("povray", "3.7"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new Capabilities(withNull, 2, 1024, false)).isInstanceOf(NullPointerException.class);
    }
}

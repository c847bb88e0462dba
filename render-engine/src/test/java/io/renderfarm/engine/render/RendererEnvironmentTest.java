package io.renderfarm.engine.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a renderer sees of the environment of the program that starts it. */
class RendererEnvironmentTest {
    @Test
    void shouldPassOnWhatRenderingNeedsAndNothingElse() {
        Map<String, String> host = new HashMap<>(Map.of(
                "PATH",
                "/usr/bin",
                "HOME",
                "/home/render",
                "LANG",
                "C.UTF-8",
                "LC_NUMERIC",
                "C",
                "CUDA_VISIBLE_DEVICES",
                "1",
                "BLENDER_USER_SCRIPTS",
                "/studio/scripts",
                "DISPLAY",
                ":0",
                "OCIO",
                "/studio/aces/config.ocio"));
        host.putAll(Map.of(
                "RENDERFARM_TOKEN",
                "secret",
                "AWS_SECRET_ACCESS_KEY",
                "key",
                "JENKINS_SECRET",
                "s",
                "SSH_AUTH_SOCK",
                "/tmp/agent",
                "PYTHONPATH",
                "/elsewhere",
                "LD_PRELOAD",
                "/tmp/evil.so"));

        Map<String, String> renderer = RendererEnvironment.of(host);

        assertThat(renderer)
                .containsOnlyKeys(
                        "PATH",
                        "HOME",
                        "LANG",
                        "LC_NUMERIC",
                        "CUDA_VISIBLE_DEVICES",
                        "BLENDER_USER_SCRIPTS",
                        "DISPLAY",
                        "OCIO");
        assertThat(renderer).containsEntry("CUDA_VISIBLE_DEVICES", "1");
    }

    @Test
    void shouldPassOnWhatTheOperatorListsButNeverAVariableOfTheFarmItself() {
        Map<String, String> host = Map.of(
                "PATH",
                "/usr/bin",
                "STUDIO_LICENSE",
                "27000@lic",
                "OTHER",
                "x",
                "RENDERFARM_TOKEN",
                "secret",
                RendererEnvironment.EXTRA,
                " STUDIO_LICENSE , RENDERFARM_TOKEN,,");

        assertThat(RendererEnvironment.of(host)).containsOnlyKeys("PATH", "STUDIO_LICENSE");
    }
}

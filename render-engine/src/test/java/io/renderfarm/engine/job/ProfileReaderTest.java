package io.renderfarm.engine.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileReaderTest {
    @Test
    void shouldReadEveryField() {
        JobProfile p = ProfileReader.parse("""
                {"name": "cycles", "renderer": "blender", "version": ">=3.0",
                 "minCores": 4, "minRamMb": 8192, "gpu": true,
                 "chunkSize": 5, "retries": 2, "blocklistThreshold": 4,
                 "maxChunkSeconds": 600, "stallSeconds": 120, "threadsPerSlot": 2, "remoteWaitSeconds": 60,
                 "preview": {"enabled": true, "frames": 5, "resolutionPercent": 50, "samples": 8, "awaitApproval": true}}
                """);

        assertThat(p.name()).isEqualTo("cycles");
        assertThat(p.versionConstraint()).isEqualTo(">=3.0");
        assertThat(p.requirements()).isEqualTo(new Requirements(4, 8192, true));
        assertThat(p.chunkSize()).isEqualTo(5);
        assertThat(p.retries()).isEqualTo(2);
        assertThat(p.blocklistThreshold()).isEqualTo(4);
        assertThat(p.maxChunkTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.stallTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.threadsPerSlot()).isEqualTo(2);
        assertThat(p.remoteWaitThreshold()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.preview()).isEqualTo(new PreviewSettings(true, 5, 50, 8, true));
    }

    @Test
    void shouldReadTheDeviceAndGpuBackend() {
        assertThat(ProfileReader.parse("{\"renderer\": \"blender\", \"device\": \"gpu\", \"gpuBackend\": \"optix\"}")
                        .requirements())
                .isEqualTo(new Requirements(0, 0, true, GpuBackend.OPTIX));
        assertThat(ProfileReader.parse("{\"renderer\": \"blender\", \"device\": \"gpu\"}")
                        .requirements()
                        .gpuBackend())
                .isEqualTo(GpuBackend.ANY);
        assertThat(ProfileReader.parse("{\"renderer\": \"blender\", \"device\": \"cpu\", \"gpu\": false}")
                        .requirements()
                        .gpu())
                .isFalse();
        JobProfile optix =
                ProfileReader.parse("{\"renderer\": \"blender\", \"device\": \"gpu\", \"gpuBackend\": \"optix\"}");
        assertThat(ProfileReader.fromJson(ProfileReader.toJson(optix))).isEqualTo(optix);
    }

    @Test
    void shouldWriteTheDeviceAsSitesOlderThanItRead() {
        var json = ProfileReader.toJson(JobProfile.defaults("blender"));

        assertThat(json.has("device"))
                .as("a site older than 'device' refuses unknown fields")
                .isFalse();
        assertThat(json.has("gpuBackend")).isFalse();
        assertThat(json.has("format"))
                .as("the scene's own format is the default")
                .isFalse();
        assertThat(json.get("gpu").asBoolean()).isFalse();
        assertThat(ProfileReader.toJson(ProfileReader.parse("{\"renderer\": \"blender\", \"device\": \"gpu\"}"))
                        .get("gpu")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void shouldReadAllowScriptsAndWriteItOnlyWhenTrue() {
        JobProfile allowed = ProfileReader.parse("{\"renderer\": \"blender\", \"allowScripts\": true}");

        assertThat(allowed.allowScripts()).isTrue();
        assertThat(JobProfile.defaults("blender").allowScripts()).isFalse();
        assertThat(ProfileReader.toJson(JobProfile.defaults("blender")).has("allowScripts"))
                .as("a site that does not know the field still reads the profile")
                .isFalse();
        assertThat(ProfileReader.fromJson(ProfileReader.toJson(allowed))).isEqualTo(allowed);
        assertThatThrownBy(() -> ProfileReader.parse("{\"renderer\": \"blender\", \"allowScripts\": \"yes\"}"))
                .hasMessageContaining("'allowScripts' must be true or false");
    }

    @Test
    void shouldRefuseAProfileFollowedByMoreThanItsObject() {
        assertThatThrownBy(() -> ProfileReader.parse("{\"renderer\": \"povray\"} {\"retries\": 0}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("profile is not valid JSON");
        assertThatThrownBy(() -> ProfileReader.parse("{\"renderer\": \"povray\"}garbage"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("profile is not valid JSON");
    }

    @Test
    void shouldDefaultEverythingButTheRenderer() {
        assertThat(ProfileReader.parse("{\"renderer\": \"povray\"}")).isEqualTo(JobProfile.defaults("povray"));
    }

    @Test
    void shouldReadBackWhatItWrites() {
        JobProfile p = JobProfile.defaults("blender")
                .withChunkSize(7)
                .withRequirements(new Requirements(2, 1024, true, GpuBackend.HIP))
                .withPreview(new PreviewSettings(false, 0, 10, 2, false));

        assertThat(ProfileReader.parse(ProfileReader.toJson(p).toString())).isEqualTo(p);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "not json                                  | profile is not valid JSON",
                "[1, 2]                                    | profile must be a JSON object",
                "{}                                        | 'renderer' is required",
                "{\"renderer\": 3}                         | 'renderer' must be a string",
                "{\"renderer\": \"blender\", \"chunk\": 5} | unknown profile field 'chunk'",
                "{\"renderer\": \"blender\", \"retries\": \"3\"} | 'retries' must be a whole number",
                "{\"renderer\": \"blender\", \"retries\": 1.5}   | 'retries' must be a whole number",
                "{\"renderer\": \"blender\", \"gpu\": \"yes\"}   | 'gpu' must be true or false",
                "{\"renderer\": \"blender\", \"device\": \"tpu\"}  | 'device' must be cpu or gpu, got 'tpu'",
                "{\"renderer\": \"blender\", \"device\": \"cpu\", \"gpu\": true} | 'device' and 'gpu' disagree",
                "{\"renderer\": \"blender\", \"device\": \"gpu\", \"gpuBackend\": \"metal\"} | unknown GPU backend 'metal'; known are any, cuda, optix, hip, oneapi",
                "{\"renderer\": \"blender\", \"gpuBackend\": \"cuda\"} | gpuBackend cuda needs device: gpu",
                "{\"renderer\": \"blender\", \"retries\": -1}    | retries must not be negative",
                "{\"renderer\": \"blender\", \"preview\": 3}     | 'preview' must be an object",
                "{\"renderer\": \"blender\", \"preview\": {\"size\": 3}} | unknown preview field 'size'",
                "{\"renderer\": \"blender\", \"preview\": {\"resolutionPercent\": 0}} | preview resolution must be 1..100",
            })
    void shouldRefuseABadProfileNamingTheField(String json, String message) {
        assertThatThrownBy(() -> ProfileReader.parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}

package io.renderfarm.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderfarm.engine.capability.Capabilities;
import io.renderfarm.engine.capability.GpuDevice;
import io.renderfarm.engine.capability.RenderSlot;
import io.renderfarm.engine.event.JobEvent;
import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.GpuBackend;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.JobState;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.job.RenderJob;
import io.renderfarm.engine.job.Requirements;
import io.renderfarm.engine.schedule.JobResult;
import io.renderfarm.engine.schedule.JobRun;
import io.renderfarm.engine.store.DirectoryFrameStore;
import io.renderfarm.engine.testing.TestScenes;
import io.renderfarm.engine.time.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One GPU per slot on a machine whose two GPUs are stand-ins (this one has none, see the capability tests'
 * resources): the farm offers a GPU slot per GPU, starts each GPU chunk with only its slot's GPU visible and the
 * Cycles device selected, and real Blender, finding no such device here, fails each as the slot's fault. What the
 * farm gives Blender (environment and argv) is recorded by a wrapper around the real program.
 */
class GpuSlotTest {
    private static final GpuDevice GPU_0 = new GpuDevice(
            0,
            "nvidia",
            "NVIDIA GeForce RTX 3090",
            24576,
            "GPU-8a1c7e4b-3f2d-4c1a-9b5e-6d7f8e9a0b1c",
            Set.of(GpuBackend.CUDA, GpuBackend.OPTIX));
    private static final GpuDevice GPU_1 = new GpuDevice(
            1,
            "nvidia",
            "NVIDIA GeForce RTX 3090",
            24576,
            "GPU-2f6d9c3a-7b8e-4d5f-a1c2-3e4f5a6b7c8d",
            Set.of(GpuBackend.CUDA, GpuBackend.OPTIX));

    @TempDir
    Path tmp;

    private final List<JobEvent> events = new CopyOnWriteArrayList<>();

    private Path recordingBlender(Path records) throws Exception {
        String real = new String(new ProcessBuilder("sh", "-c", "command -v blender")
                        .start()
                        .getInputStream()
                        .readAllBytes())
                .strip();
        Path script = tmp.resolve("blender");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "#!/bin/bash",
                        "[ \"$1\" = --version ] && exec '" + real + "' \"$@\"",
                        "{ echo \"CUDA_VISIBLE_DEVICES=${CUDA_VISIBLE_DEVICES-unset}\"; echo \"CUDA_DEVICE_ORDER=${CUDA_DEVICE_ORDER-unset}\";"
                                + " printf 'ARG %s\\n' \"$@\"; } > '" + records + "'/$$.txt",
                        "exec '" + real + "' \"$@\"",
                        ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static List<String> readAll(Path records) throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(records)) {
            for (Path f : files.sorted().toList()) {
                all.add(Files.readString(f));
            }
        }
        return all;
    }

    @ParameterizedTest(name = "resident Blender: {0}")
    @ValueSource(booleans = {false, true})
    void shouldStartEachGpuChunkSeeingOnlyItsSlotsGpuAndFailItAsTheSlotsFaultWithoutOne(boolean resident)
            throws Exception {
        assumeTrue(TestScenes.hasBlender(), "blender is not installed");
        Capabilities here = RealRenderFixture.machine();
        Capabilities twoGpus =
                new Capabilities(here.renderers(), here.cores(), here.ramMb(), true, List.of(GPU_0, GPU_1));
        Path records = Files.createDirectories(tmp.resolve("records"));
        Path scene = TestScenes.blenderScene(tmp.resolve("scene"), "gpu", 1, 4, 32, 24, 1);
        DirectoryFrameStore store = new DirectoryFrameStore(tmp.resolve("out"));
        try (LocalSlotFarm farm = new LocalSlotFarm(
                1,
                twoGpus,
                store.scratchRoot(),
                Map.of("blender", recordingBlender(records).toString()),
                resident)) {
            List<RenderSlot> slots = farm.slots();
            assertThat(slots).extracting(RenderSlot::id).containsExactly("slot-1", "gpu-1", "gpu-2");
            assertThat(slots.get(0).capabilities().gpu()).isFalse();
            assertThat(slots.get(1).capabilities().gpus()).containsExactly(GPU_0);
            assertThat(slots.get(2).capabilities().gpus()).containsExactly(GPU_1);

            JobProfile gpu = JobProfile.defaults("blender")
                    .withPreview(PreviewSettings.OFF)
                    .withChunkSize(1)
                    .withRetries(3)
                    .withBlocklistThreshold(1)
                    .withRequirements(new Requirements(0, 0, true));
            RenderJob job = new RenderJob(
                    "gpu-job", scene, FrameSet.parse("1-4"), OutputNaming.withPrefix("g_"), gpu, List.of());
            JobResult result = new JobRun(job, farm, store, events::add, Clock.SYSTEM)
                    .start()
                    .completion()
                    .get(120, TimeUnit.SECONDS);

            assertThat(result.state()).isEqualTo(JobState.FAILED);
            assertThat(result.reason())
                    .contains("no slot can render this job")
                    .contains("slot-1: no GPU")
                    .contains("gpu-1 is blocklisted")
                    .contains("gpu-2 is blocklisted")
                    .contains("Found no Cycles device of the specified type");
            assertThat(events)
                    .filteredOn(JobEvent.ChunkStarted.class::isInstance)
                    .extracting(e -> ((JobEvent.ChunkStarted) e).slot())
                    .containsOnly("gpu-1", "gpu-2");
            assertThat(events)
                    .filteredOn(JobEvent.ChunkFailed.class::isInstance)
                    .allSatisfy(
                            e -> assertThat(((JobEvent.ChunkFailed) e).kind()).isEqualTo("slot"));
        }
        List<String> started = readAll(records);
        assertThat(started).isNotEmpty().allSatisfy(r -> assertThat(r).contains("CUDA_DEVICE_ORDER=PCI_BUS_ID\n"));
        assertThat(started)
                .anySatisfy(r -> assertThat(r).contains("CUDA_VISIBLE_DEVICES=" + GPU_0.uuid() + "\n"))
                .anySatisfy(r -> assertThat(r).contains("CUDA_VISIBLE_DEVICES=" + GPU_1.uuid() + "\n"));
        if (!resident) {
            // after "--": the output script's base, format and codec, then Cycles' own option
            assertThat(started)
                    .allSatisfy(
                            r -> assertThat(r)
                                    .containsPattern(
                                            "ARG -a\nARG --\nARG /\\S+/rf_\nARG scene\nARG \nARG --cycles-device\nARG OPTIX\n$"));
        }
    }
}

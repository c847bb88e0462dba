package io.renderfarm.engine.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which GPU compute backend a job renders with, as its profile's {@code gpuBackend} names it: {@code any} is the
 * best the slot's GPU offers (OptiX on an NVIDIA card that has it, else CUDA; HIP on AMD; oneAPI on Intel).
 */
public enum GpuBackend {
    ANY,
    CUDA,
    OPTIX,
    HIP,
    ONEAPI;

    /** {@code any}, {@code cuda}, {@code optix}, {@code hip}, {@code oneapi}; also its JSON form. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the known backends */
    @JsonCreator
    public static GpuBackend fromWireName(String name) {
        return Arrays.stream(values())
                .filter(b -> b.wireName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown GPU backend '" + name + "'; known are "
                        + Arrays.stream(values()).map(GpuBackend::wireName).collect(Collectors.joining(", "))));
    }
}

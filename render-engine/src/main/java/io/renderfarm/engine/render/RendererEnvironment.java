package io.renderfarm.engine.render;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The environment a renderer process gets: only the variables rendering needs, never everything of the program that
 * starts it (the site, the CLI, a Jenkins agent), whose environment holds secrets such as {@code RENDERFARM_TOKEN}
 * that every scene could otherwise read back from its own {@code /proc/<pid>/environ}.
 *
 * <p>Passed on: {@link #NAMES} (the search path, the user and the locale, the display EEVEE needs, the library path
 * GPU drivers need, OpenColorIO's config), every variable starting with one of {@link #PREFIXES} (the locale's
 * {@code LC_*}, Blender's own {@code BLENDER_*} folders, the GPU selection of CUDA, HIP/ROCm, oneAPI and the NVIDIA
 * and Mesa drivers), and the names an operator lists, comma-separated, in {@value #EXTRA} (a licence server, a
 * studio's add-on path). A name starting with {@code RENDERFARM_} is never passed on, listed or not. The farm then
 * sets {@code TMPDIR} ({@link RendererTemp}) and what a renderer adapter needs.
 */
public final class RendererEnvironment {
    /** Where operators list more variables renderers need, comma-separated. */
    public static final String EXTRA = "RENDERFARM_RENDERER_ENV";

    static final Set<String> NAMES = Set.of(
            "PATH",
            "HOME",
            "USER",
            "LOGNAME",
            "LANG",
            "LANGUAGE",
            "TZ",
            "DISPLAY",
            "WAYLAND_DISPLAY",
            "XDG_RUNTIME_DIR",
            "XAUTHORITY",
            "LD_LIBRARY_PATH",
            "OCIO");
    static final List<String> PREFIXES = List.of(
            "LC_",
            "BLENDER_",
            "CUDA_",
            "HIP_",
            "ROCR_",
            "GPU_DEVICE_",
            "ONEAPI_",
            "SYCL_",
            "NVIDIA_",
            "__NV_",
            "__GLX_",
            "__EGL_",
            "MESA_");
    private static final String NEVER = "RENDERFARM_";

    private RendererEnvironment() {}

    /** The part of {@code environment} a renderer gets, by the rules above ({@value #EXTRA} read from it too). */
    public static Map<String, String> of(Map<String, String> environment) {
        String listed = environment.getOrDefault(EXTRA, "");
        Set<String> extra = Arrays.stream(listed.split(","))
                .map(String::strip)
                .filter(n -> !n.isEmpty())
                .collect(Collectors.toSet());
        Map<String, String> kept = new LinkedHashMap<>();
        environment.forEach((name, value) -> {
            if (passes(name, extra)) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    private static boolean passes(String name, Set<String> extra) {
        if (name.startsWith(NEVER)) {
            return false;
        }
        return NAMES.contains(name) || extra.contains(name) || PREFIXES.stream().anyMatch(name::startsWith);
    }
}

package io.renderfarm.engine.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The farm's renderer sandbox: a renderer whose adapter names its {@link FileAccess} runs under Linux Landlock, so
 * the kernel lets it (and whatever it starts) read only the system's programs and libraries ({@link #SYSTEM_READ}),
 * the adapter's read folders and the operator's ({@value #EXTRA_READ}), and write only the adapter's write folders;
 * every other path is refused, whoever owns the file. A POV-Ray scene thus reads its own folder and writes its
 * output folder, nothing else: not {@code $HOME}, not {@code /tmp}, not another job's frames.
 *
 * <p>Why not POV-Ray's own {@code povray.conf}: POV-Ray 3.7 (and 3.8) on Unix reads its {@code [File I/O Security]}
 * setting with an inverted comparison, so every value leaves the restrictions unset and off; Debian's 3.7.0.10 lets
 * a scene write to {@code /var/tmp} although its configuration permits only {@code /tmp}, and a per-user
 * configuration under another {@code HOME} changes nothing either.
 *
 * <p>How: {@code python3 -I -S -c <landlock_exec.py> --read … --write … -- <renderer argv>} sets the rules on
 * itself, then executes the renderer (a wrapper script named as the renderer is granted too). Needs Linux 5.13 or
 * later and {@code python3} ({@value #PYTHON} first, else the one on {@code PATH}); without Landlock the renderer
 * is not started and the chunk fails saying why. An operator who cannot have it sets {@value #SWITCH}{@code =off}
 * in the environment of the site or command, knowingly.
 *
 * <p>The host also decides here whether a profile may have Blender run the scripts its scene carries
 * ({@link #sceneScripts}): never, unless the host allows it ({@link #allowingSceneScripts()}) — the CLI rendering a
 * user's own scenes, a site whose operator passed {@code --allow-scripts} — and the profile asks.
 */
public final class RendererSandbox {
    /** {@code off} runs renderers unconfined. */
    public static final String SWITCH = "RENDERFARM_SANDBOX";
    /** More read-only folders for confined renderers, {@code :}-separated (a studio's shared include library). */
    public static final String EXTRA_READ = "RENDERFARM_SANDBOX_READ";

    static final String PYTHON = "/usr/bin/python3";
    /** Programs, libraries, the loader's cache, the time zone and the CPU count: what any program needs to start. */
    static final List<String> SYSTEM_READ = List.of(
            "/usr",
            "/bin",
            "/sbin",
            "/lib",
            "/lib32",
            "/lib64",
            "/libx32",
            "/etc/ld.so.cache",
            "/etc/ld.so.conf",
            "/etc/ld.so.conf.d",
            "/etc/localtime",
            "/sys/devices/system/cpu");

    static final List<String> SYSTEM_WRITE = List.of("/dev/null");
    static final String SCRIPT = load();

    /** Confines renderers, with the extra folders of this process's environment; runs no scene scripts. */
    public static final RendererSandbox ON = new RendererSandbox(true, extraReads(System.getenv()), false);
    /** Runs renderers unconfined; runs no scene scripts. */
    public static final RendererSandbox OFF = new RendererSandbox(false, List.of(), false);

    private final boolean confines;
    private final List<String> extraReads;
    private final boolean sceneScripts;

    private RendererSandbox(boolean confines, List<String> extraReads, boolean sceneScripts) {
        this.confines = confines;
        this.extraReads = extraReads;
        this.sceneScripts = sceneScripts;
    }

    /** This sandbox, letting a profile that asks for it have Blender run the scripts its scene carries. */
    public RendererSandbox allowingSceneScripts() {
        return new RendererSandbox(confines, extraReads, true);
    }

    /** Whether a job whose profile asks for scene scripts ({@code asked}) gets them here. */
    public boolean sceneScripts(boolean asked) {
        return asked && sceneScripts;
    }

    /** {@link #ON}, unless this process's environment sets {@value #SWITCH}{@code =off}. */
    public static RendererSandbox fromEnvironment() {
        return "off".equalsIgnoreCase(System.getenv().getOrDefault(SWITCH, "").strip()) ? OFF : ON;
    }

    public boolean confines() {
        return confines;
    }

    /**
     * The argv that runs {@code argv} confined to {@code access}; {@code argv} itself when this sandbox does not
     * confine.
     *
     * @throws IllegalStateException when no {@code python3} can be found to set the confinement up
     */
    public List<String> confine(List<String> argv, FileAccess access) {
        if (!confines) {
            return argv;
        }
        List<String> confined = new ArrayList<>(List.of(python(), "-I", "-S", "-c", SCRIPT));
        List<String> reads = new ArrayList<>(SYSTEM_READ);
        reads.addAll(extraReads);
        access.read().forEach(p -> reads.add(p.toAbsolutePath().toString()));
        List<String> writes = new ArrayList<>(SYSTEM_WRITE);
        access.write().forEach(p -> writes.add(p.toAbsolutePath().toString()));
        reads.forEach(p -> confined.addAll(List.of("--read", p)));
        writes.forEach(p -> confined.addAll(List.of("--write", p)));
        confined.add("--");
        confined.addAll(argv);
        return List.copyOf(confined);
    }

    private static String python() {
        if (Files.isExecutable(Path.of(PYTHON))) {
            return PYTHON;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "python3"))) {
                return Path.of(dir, "python3").toString();
            }
        }
        throw new IllegalStateException("the renderer sandbox needs python3, which is not installed (apt-get install"
                + " python3), or set " + SWITCH + "=off to render unconfined");
    }

    static List<String> extraReads(Map<String, String> environment) {
        return Arrays.stream(environment.getOrDefault(EXTRA_READ, "").split(":"))
                .map(String::strip)
                .filter(p -> p.startsWith("/"))
                .toList();
    }

    private static String load() {
        try (InputStream in = RendererSandbox.class.getResourceAsStream("landlock_exec.py")) {
            if (in == null) {
                throw new IllegalStateException("landlock_exec.py is missing from the engine jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

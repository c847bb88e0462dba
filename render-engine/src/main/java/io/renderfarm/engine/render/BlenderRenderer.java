package io.renderfarm.engine.render;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.FrameFormat;
import io.renderfarm.engine.job.GpuBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders {@code .blend} scenes with Blender's command line, one process per invocation:
 * {@code blender -b --disable-autoexec <scene> -noaudio --python-exit-code 1 --python-expr <output script>
 * -s <first> -e <last> -j <step> [-t <threads>] -a -- <outputDir>/rf_ <format> <exrCodec>
 * [--cycles-device CUDA|OPTIX|HIP|ONEAPI]}.
 *
 * <p>Final frames use the scene's own settings (engine, resolution, samples, …) and its own output format
 * (file format, colour depth, codec, channels, view transform, the padding of its output path), written into the
 * invocation's folder; a profile's format overrides the format (see {@code blender_output.py}, which the resident
 * driver shares). Previews are 8-bit PNG. A scene writing a movie or a format the farm cannot verify fails with one
 * {@code Error: renderfarm: …} line before it renders. A {@linkplain Quality#preview() preview} multiplies the scene's
 * resolution percentage by {@link Quality#resolutionPercent()} and, for Cycles only, sets
 * {@link Quality#samples()} (when positive) and turns denoising off. Blender's user preferences and add-ons stay
 * in effect ({@code --factory-startup} would break scenes that need add-ons), except one: Python the scene carries
 * (auto-run scripts, Python drivers) never runs unless the invocation {@linkplain RenderInvocation#allowScripts()
 * allows scripts} — {@link #AUTOEXEC_OFF} before the scene is loaded, {@link #AUTOEXEC_ON} when allowed — so a
 * render server's preferences cannot decide it either way.
 *
 * <p>Frames above {@value #MAX_FRAME} are refused by {@link #command}: Blender clamps them silently.
 *
 * <p>Over 400 lines: Blender's command line, its output patterns (each named with the versions it matches) and the
 * formats it writes are one adapter's knowledge; its output script, resident driver and bytecode cache have files
 * of their own.
 */
public final class BlenderRenderer implements Renderer {
    public static final String NAME = "blender";
    /** Cycles' command-line option choosing the compute device type (2.90 and later, after {@code --}). */
    static final String CYCLES_DEVICE = "--cycles-device";
    /** Blender's MAXFRAME: {@code -s}/{@code -e} beyond it are clamped without a word (verified on 3.4.1). */
    public static final int MAX_FRAME = 1_048_574;

    /** Blender skips the scene's scripts (and says {@code scripts disabled for "…", skipping '…'}); seen on 3.4.1. */
    public static final String AUTOEXEC_OFF = "--disable-autoexec";
    /** Blender runs the scene's scripts whatever its preferences say; seen on 3.4.1. */
    public static final String AUTOEXEC_ON = "--enable-autoexec";

    /** {@code blender --version} starts with {@code Blender 3.4.1}; seen on 3.4.1. */
    private static final Pattern VERSION = Pattern.compile("^Blender (\\d+\\.\\d+(?:\\.\\d+)?)", Pattern.MULTILINE);
    /** A frame the output script named: {@code rf_}, the frame number with the scene's padding, an extension. */
    private static final Pattern FRAME_FILE = Pattern.compile("^rf_-?(\\d+)\\.[A-Za-z]+$");
    /** Printed by {@link #formatsCommand}'s script. */
    private static final Pattern FORMATS = Pattern.compile("^Renderfarm formats: (.*)$", Pattern.MULTILINE);

    private static final byte[] BLEND_MAGIC = "BLENDER".getBytes(StandardCharsets.US_ASCII);
    /** Compressed blends: gzip (up to 2.9x) and zstd (3.0 and later). */
    private static final byte[] GZIP_MAGIC = {(byte) 0x1f, (byte) 0x8b};

    private static final byte[] ZSTD_MAGIC = {(byte) 0x28, (byte) 0xb5, (byte) 0x2f, (byte) 0xfd};

    /**
     * The farm's Python for a scene's output, shared with the resident driver; the one-process script appends the
     * preview settings and a call of {@code rf_setup_chunk}.
     */
    public static final String OUTPUT_SCRIPT = loadOutputScript();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultExecutable() {
        return "blender";
    }

    @Override
    public List<String> versionCommand(String executable) {
        return List.of(executable, "--version");
    }

    @Override
    public Optional<String> parseVersion(String output) {
        Matcher m = VERSION.matcher(output == null ? "" : output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * Blender's build options say whether it has OpenEXR and TIFF; PNG, JPEG and Targa are always built in. A
     * factory start (no add-ons) keeps it short.
     */
    @Override
    public List<String> formatsCommand(String executable) {
        return List.of(
                executable,
                "-b",
                "--factory-startup",
                "-noaudio",
                "--python-expr",
                String.join(
                        "\n",
                        "import bpy",
                        "o = bpy.app.build_options",
                        "print('Renderfarm formats: png png16 jpeg tga' + (' tiff' if o.image_tiff else '')"
                                + " + (' exr exr-multilayer' if o.image_openexr else ''), flush=True)"));
    }

    @Override
    public Set<FrameFormat> parseFormats(String output) {
        Matcher m = FORMATS.matcher(output == null ? "" : output);
        if (!m.find()) {
            return Set.of();
        }
        Set<FrameFormat> formats = EnumSet.noneOf(FrameFormat.class);
        for (String name : m.group(1).strip().split("\\s+")) {
            formats.add(FrameFormat.fromWireName(name));
        }
        return formats;
    }

    /** The scene's padding is the digits the output script made Blender write: {@code rf_0007.exr} has 4. */
    @Override
    public int framePadding(Path renderedFile) {
        Matcher m = FRAME_FILE.matcher(String.valueOf(renderedFile.getFileName()));
        return m.matches() ? m.group(1).length() : DEFAULT_PADDING;
    }

    @Override
    public Optional<String> rejectScene(Path scene) {
        Path fileName = scene.getFileName();
        String name = fileName == null ? "" : fileName.toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".blend")) {
            return Optional.of("Blender scene " + name + " does not end with .blend");
        }
        if (!Files.exists(scene)) {
            return Optional.of("Blender scene " + name + " does not exist");
        }
        if (!Files.isRegularFile(scene)) {
            return Optional.of("Blender scene " + name + " is not a regular file");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(scene)) {
            head = in.readNBytes(BLEND_MAGIC.length);
        } catch (IOException e) {
            return Optional.of("Blender scene " + name + " cannot be read: " + e.getMessage());
        }
        if (!startsWith(head, BLEND_MAGIC) && !startsWith(head, GZIP_MAGIC) && !startsWith(head, ZSTD_MAGIC)) {
            return Optional.of(
                    "Blender scene " + name + " is not a .blend file (no BLENDER header, not gzip or zstd compressed)");
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    /**
     * The argv for the invocation. Everything that configures the render (the script, {@code -s -e -j -t})
     * precedes {@code -a}, because Blender applies arguments in order and {@code -a} renders at once; the output
     * folder and format follow {@code --}, where Blender passes them to the script as data, never as code.
     *
     * @throws IllegalArgumentException when a frame is above {@value #MAX_FRAME}
     */
    @Override
    public List<String> command(RenderInvocation invocation) {
        FrameSet frames = invocation.frames();
        rejectFrames(frames).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        List<String> argv = new ArrayList<>();
        argv.add(invocation.executable());
        argv.add("-b");
        argv.add(autoexec(invocation.allowScripts())); // before the scene: Blender applies arguments in order
        argv.add(invocation.scene().toAbsolutePath().toString());
        // Render servers seldom have sound hardware, and frames never need audio.
        argv.add("-noaudio");
        argv.addAll(List.of("--python-exit-code", "1", "--python-expr", chunkScript(invocation.quality())));
        argv.addAll(List.of(
                "-s", Integer.toString(frames.first()),
                "-e", Integer.toString(frames.last()),
                "-j", Integer.toString(frames.step())));
        if (invocation.threads() > 0) {
            argv.addAll(List.of("-t", Integer.toString(invocation.threads())));
        }
        argv.add("-a");
        argv.addAll(List.of(
                "--",
                invocation.outputDir().toAbsolutePath().resolve("rf_").toString(),
                invocation.format().format().wireName(),
                invocation.format().exrCodec()));
        if (invocation.gpu() != null) {
            // Cycles reads its own options after "--" (and ignores the output script's): the device type
            // overrides the scene's CPU/GPU setting.
            argv.addAll(List.of(CYCLES_DEVICE, cyclesDevice(invocation.gpu())));
        }
        return List.copyOf(argv);
    }

    /** Frames above {@value #MAX_FRAME}, which Blender would clamp without a word. */
    @Override
    public Optional<String> rejectFrames(FrameSet frames) {
        return frames.last() > MAX_FRAME
                ? Optional.of("Blender renders frames up to " + MAX_FRAME + ", not " + frames.last())
                : Optional.empty();
    }

    /** A slot may keep a Blender with the scene loaded ({@code render.resident}) and feed it frames. */
    @Override
    public boolean supportsResident() {
        return true;
    }

    /** Cycles' name of a backend ({@code CUDA}, {@code OPTIX}, {@code HIP}, {@code ONEAPI}); 3.0 and later. */
    public static String cyclesDevice(GpuBackend backend) {
        return switch (backend) {
            case CUDA -> "CUDA";
            case OPTIX -> "OPTIX";
            case HIP -> "HIP";
            case ONEAPI -> "ONEAPI";
            case ANY -> throw new IllegalArgumentException("'any' is resolved to a backend before Blender starts");
        };
    }

    /** The output script, the preview settings for a preview, and the call that applies them. */
    static String chunkScript(Quality quality) {
        return OUTPUT_SCRIPT + "\n" + (quality.preview() ? previewScript(quality) : "") + "rf_setup_chunk("
                + (quality.preview() ? "True" : "False") + ")\n";
    }

    private static String loadOutputScript() {
        try (InputStream in = BlenderRenderer.class.getResourceAsStream("blender_output.py")) {
            if (in == null) {
                throw new IllegalStateException("blender_output.py is missing from the engine's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read blender_output.py", e);
        }
    }

    /** The switch that decides whether the scene's own Python runs, placed before the scene on the command line. */
    public static String autoexec(boolean allowScripts) {
        return allowScripts ? AUTOEXEC_ON : AUTOEXEC_OFF;
    }

    /** Built from numbers only, so nothing from a job can inject code. */
    static String previewScript(Quality quality) {
        StringBuilder script = new StringBuilder()
                .append("import bpy\n")
                .append("scene = bpy.context.scene\n")
                .append("scene.render.resolution_percentage = max(1, round(scene.render.resolution_percentage * ")
                .append(quality.resolutionPercent())
                .append(" / 100))\n")
                .append("if scene.render.engine == 'CYCLES':\n")
                .append("    scene.cycles.use_denoising = False\n");
        if (quality.samples() > 0) {
            script.append("    scene.cycles.samples = ")
                    .append(quality.samples())
                    .append('\n');
        }
        return script.toString();
    }

    @Override
    public OutputParser newParser(RenderInvocation invocation) {
        return new Parser(invocation.outputDir());
    }

    /**
     * Reads Blender's console output: {@code Fra:N …} lines say which frame renders, their trailing status gives
     * progress, {@code Saved: '<file>'} says the current frame is written, {@code Error: …} lines are errors.
     * Failures it recognises are classified ({@link RenderOutputListener#failure}): a file that does not load, a
     * scene without a camera, missing linked libraries and a Python error raised by a script inside the scene are
     * scene errors; running out of memory and a crash are slot errors.
     */
    static final class Parser implements OutputParser {
        /** Every status line of a render starts so ({@code Fra:12 Mem:9.05M …}), Cycles and EEVEE alike; seen on 3.4.1. */
        static final Pattern FRAME = Pattern.compile("^Fra:(\\d+) ");
        /**
         * Cycles progress ({@code … | Scene, ViewLayer | Sample 3/16}); seen on 3.4.1. Cycles before 3.0 printed tile
         * counts before it ({@code Rendered 1/4 Tiles, Sample 3/16}), which this ignores.
         */
        static final Pattern CYCLES_SAMPLE = Pattern.compile("\\bSample (\\d+)/(\\d+)");
        /** EEVEE progress ({@code … | Rendering 4 / 64 samples}); seen on 3.4.1. */
        static final Pattern EEVEE_SAMPLE = Pattern.compile("\\| Rendering (\\d+) / (\\d+) samples");
        /** A written frame ({@code Saved: '/out/rf_00001.png'}); seen on 3.4.1. */
        static final Pattern SAVED = Pattern.compile("^Saved: '(.+)'");
        /** Printed by our output script ({@code Renderfarm output: PNG 8-bit RGBA, view Filmic, fps 24/1.0}). */
        static final Pattern OUTPUT = Pattern.compile("^Renderfarm output: (.*), fps (\\d+)/([0-9.]+)\\s*$");
        /** Fatal problems ({@code Error: Cannot read file '…'}, {@code Error: Render error …}); seen on 3.4.1. */
        static final Pattern ERROR = Pattern.compile("^Error: (.+)");
        /** A scene that does not load ({@code Error: Failed to read blend file '…': Missing DNA block}); seen on 3.4.1. */
        static final Pattern LOAD_FAILED = Pattern.compile("^Error: (Failed to read blend file .+)");
        /** A scene with no camera to render from ({@code Error: Cannot render, no camera}); seen on 3.4.1. */
        static final Pattern NO_CAMERA = Pattern.compile("^Error: (Cannot render, no camera.*)");
        /** Each linked library that is not there ({@code Info: Cannot find lib '/shots/lib.blend'}); seen on 3.4.1. */
        static final Pattern LIBRARY_NOT_FOUND = Pattern.compile("^Info: (Cannot find lib '.+')");
        /**
         * The summary after loading a scene with broken links ({@code Warning: 1 libraries and 1 linked data-blocks
         * are missing (including 0 ObjectData and 0 Proxies), please check …}); Blender then renders without them
         * and exits 0. Seen on 3.4.1.
         */
        static final Pattern LINKS_MISSING =
                Pattern.compile("^Warning: (\\d+ libraries and \\d+ linked data-blocks are missing)");
        /** The start of a Python traceback; seen on 3.4.1. */
        static final Pattern TRACEBACK = Pattern.compile("^Traceback \\(most recent call last\\):");
        /**
         * A traceback's frame line; a script inside the scene is named after the scene file
         * ({@code File "/shots/sh010.blend/rig.py", line 3, in boom}); seen on 3.4.1.
         */
        static final Pattern TRACEBACK_FILE = Pattern.compile("^\\s+File \"(.+)\", line (\\d+)");
        /**
         * Memory allocation failing ({@code Malloc returns null: len=262144 in Cycles Aligned Alloc, total …},
         * followed by {@code Error: Out of memory}); seen on 3.4.1 under a memory limit.
         */
        static final Pattern OUT_OF_MEMORY =
                Pattern.compile("^(?:[MC]alloc(?:N)? returns null: .+|Error: Out of memory.*)");
        /**
         * A GPU job on a slot where Cycles finds no device of the backend ({@code Error: Found no Cycles device of the
         * specified type}): the slot's GPU or its driver, not the scene. Seen on 3.4.1 with {@code --cycles-device}
         * on a machine without one; the resident driver prints the same line.
         */
        static final Pattern NO_DEVICE = Pattern.compile("^Error: (Found no Cycles device of the specified type.*)");
        /**
         * The farm's output script refusing the scene's output ({@code Error: renderfarm: the scene writes FFMPEG, …},
         * from {@code blender_output.py}): the scene's, on every slot.
         */
        static final Pattern OUTPUT_REFUSED = Pattern.compile("^Error: renderfarm: (the scene writes .+)");
        /** Blender's crash handler writing its report ({@code Writing: /tmp/sh010.crash.txt}); seen on 3.4.1. */
        static final Pattern CRASH = Pattern.compile("^Writing: (.+\\.crash\\.txt)");

        private final Path outputDir;
        private int currentFrame = -1;
        private final List<String> librariesNotFound = new ArrayList<>();
        /** The last frame line of the Python traceback being read, or null outside one. */
        private String tracebackAt;

        private boolean inTraceback;

        Parser(Path outputDir) {
            this.outputDir = outputDir;
        }

        @Override
        public void accept(String line, RenderOutputListener listener) {
            if (inTraceback && readTraceback(line, listener)) {
                return;
            }
            if (classify(line, listener)) {
                return;
            }
            Matcher frame = FRAME.matcher(line);
            if (frame.find()) {
                int number = Integer.parseInt(frame.group(1));
                if (number != currentFrame) {
                    currentFrame = number;
                    listener.frameStarted(number);
                }
                reportProgress(line, listener);
                return;
            }
            Matcher output = OUTPUT.matcher(line);
            if (output.matches()) {
                double base = Double.parseDouble(output.group(3));
                listener.sceneOutput(
                        new SceneOutput(output.group(1), base > 0 ? Integer.parseInt(output.group(2)) / base : 0));
                return;
            }
            Matcher saved = SAVED.matcher(line);
            if (saved.find()) {
                if (currentFrame >= 0) {
                    // Blender echoes the absolute -o path; a relative one could only be relative to the folder.
                    listener.frameSaved(currentFrame, outputDir.toAbsolutePath().resolve(saved.group(1)));
                }
                return;
            }
            Matcher error = ERROR.matcher(line);
            if (error.find()) {
                listener.error(error.group(1).strip());
            }
        }

        /** Reports a failure the line shows; true when it did. */
        private boolean classify(String line, RenderOutputListener listener) {
            Matcher m;
            if ((m = LOAD_FAILED.matcher(line)).find()
                    || (m = NO_CAMERA.matcher(line)).find()
                    || (m = OUTPUT_REFUSED.matcher(line)).find()) {
                listener.failure(FailureKind.SCENE, m.group(1).strip());
            } else if ((m = LIBRARY_NOT_FOUND.matcher(line)).find()) {
                librariesNotFound.add(m.group(1));
            } else if ((m = LINKS_MISSING.matcher(line)).find()) {
                String libraries = librariesNotFound.isEmpty() ? "" : String.join(", ", librariesNotFound) + ": ";
                listener.failure(FailureKind.SCENE, "linked data missing: " + libraries + m.group(1));
            } else if ((m = NO_DEVICE.matcher(line)).find()) {
                listener.failure(FailureKind.SLOT, m.group(1).strip());
            } else if (OUT_OF_MEMORY.matcher(line).find()) {
                listener.failure(FailureKind.SLOT, "out of memory: " + line.strip());
            } else if ((m = CRASH.matcher(line)).find()) {
                listener.failure(FailureKind.SLOT, "Blender crashed (its crash report was " + m.group(1) + ")");
            } else if (TRACEBACK.matcher(line).find()) {
                inTraceback = true;
                tracebackAt = null;
            } else {
                return false;
            }
            return true;
        }

        /**
         * Reads a line of a Python traceback: indented lines are its frames, the first line that is not is the
         * exception. An exception raised in a script stored in the scene is a scene error; any other (an add-on
         * of this machine, the farm's own script) is an error of unknown cause. True while the line belonged to it.
         */
        private boolean readTraceback(String line, RenderOutputListener listener) {
            if (line.startsWith(" ") || line.startsWith("\t")) {
                Matcher file = TRACEBACK_FILE.matcher(line);
                if (file.find()) {
                    tracebackAt = file.group(1) + ", line " + file.group(2);
                }
                return true;
            }
            inTraceback = false;
            if (line.isBlank()) {
                return false;
            }
            String error = line.strip();
            if (tracebackAt != null && tracebackAt.toLowerCase(Locale.ROOT).contains(".blend/")) {
                listener.failure(FailureKind.SCENE, "Python error in the scene: " + error + " (" + tracebackAt + ")");
            } else {
                listener.error("Python error: " + error + (tracebackAt == null ? "" : " (" + tracebackAt + ")"));
            }
            return true;
        }

        private void reportProgress(String line, RenderOutputListener listener) {
            Matcher cycles = CYCLES_SAMPLE.matcher(line);
            Matcher eevee = EEVEE_SAMPLE.matcher(line);
            Matcher progress = cycles.find() ? cycles : eevee.find() ? eevee : null;
            if (progress != null) {
                double total = Double.parseDouble(progress.group(2));
                if (total > 0) {
                    listener.progress(currentFrame, Math.min(1.0, Double.parseDouble(progress.group(1)) / total));
                }
            }
        }
    }
}

package io.renderfarm.engine.render;

import io.renderfarm.engine.frames.FrameSet;
import io.renderfarm.engine.job.FrameFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders {@code .pov} scenes with POV-Ray 3.7, one process per invocation, frames written as
 * {@code <outputDir>/rf_<frame>.<ext>} (POV-Ray pads the number to the digits of its final frame; the parser takes
 * the names from POV-Ray's output). A POV-Ray scene has no output format of its own: {@code scene} and {@code png}
 * write 8-bit PNG ({@code +FN}); {@code png16} 16-bit PNG ({@code +FN16}), {@code jpeg} {@code +FJ}, {@code tga}
 * uncompressed Targa ({@code +FT}) and {@code exr} OpenEXR ({@code +FE}, when the build lists {@code openexr} among
 * its image formats; Debian's 3.7.0.10 does). Previews are 8-bit PNG.
 *
 * <p>The contract for scene authors:
 * <ul>
 *   <li><b>Time.</b> {@code clock} and {@code frame_number} both equal the job's frame number, whichever chunk
 *       renders the frame, so animate with {@code clock} (frame 12 always sees {@code clock = 12}).
 *       {@code initial_frame}, {@code final_frame}, {@code initial_clock} and {@code final_clock} describe the
 *       chunk being rendered, not the job: do not use them.</li>
 *   <li><b>Size and antialiasing.</b> POV-Ray takes them from the command line, not from the scene, so the farm
 *       reads them from a header line among the scene's first {@value #HEADER_LINES} lines:
 *       {@code // renderfarm: width=640 height=480 antialias=0.3}. Every key is optional: width and height
 *       default to 320 x 240 (POV-Ray's built-in default), antialiasing is off unless a threshold (0–3) is
 *       given. Unknown keys are refused. An {@code .ini} next to the scene is not used, and the host's
 *       {@code povray.ini} cannot change these, nor the quality (+Q9), so every host renders the same image.</li>
 *   <li><b>Files.</b> {@code #include} files and images are found relative to the scene's folder (it is passed as
 *       a library path), so keep them in subfolders such as {@code inc/} and {@code textures/}. Confined by the
 *       farm ({@link #fileAccess}), a scene reads only its own folder and POV-Ray's include library, and writes
 *       ({@code #fopen … write}) only into its output folder.</li>
 *   <li><b>Previews</b> scale width and height by {@link Quality#resolutionPercent()}, turn antialiasing off and
 *       render at quality 8, which skips media and radiosity, the slow parts; {@link Quality#samples()} does not
 *       apply.</li>
 * </ul>
 * Paths containing {@code "} are refused: POV-Ray re-splits its command line, so paths have to be quoted. Paths
 * with non-ASCII characters are refused too: POV-Ray 3.7 cannot open them.
 *
 * <p>Over 400 lines because everything this adapter knows of POV-Ray stays in it, as for every renderer: the argv,
 * the scene header it reads the size from, and the parser of its 80-column console with the failures it tells apart.
 */
public final class PovRayRenderer implements Renderer {
    public static final String NAME = "povray";
    /** How far down the scene the {@code // renderfarm:} header may be. */
    public static final int HEADER_LINES = 100;

    /** {@code povray --version} prints {@code POV-Ray 3.7.0.10.unofficial} on stderr; seen on 3.7.0.10. */
    private static final Pattern VERSION = Pattern.compile("POV-Ray (\\d+(?:\\.\\d+)+)");
    /** Debian's povray.conf and povray.ini (the library path); seen on 3.7.0.10. */
    private static final String CONFIG = "/etc/povray";

    private static final int FINAL_QUALITY = 9;
    private static final int PREVIEW_QUALITY = 8;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultExecutable() {
        return "povray";
    }

    /** POV-Ray prints this to stderr; callers merge the streams. */
    @Override
    public List<String> versionCommand(String executable) {
        return List.of(executable, "--version");
    }

    @Override
    public Optional<String> parseVersion(String output) {
        Matcher m = VERSION.matcher(output == null ? "" : output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    @Override
    public Optional<String> rejectScene(Path scene) {
        Path fileName = scene.getFileName();
        String name = fileName == null ? "" : fileName.toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".pov")) {
            return Optional.of("POV-Ray scene " + name + " does not end with .pov");
        }
        if (scene.toAbsolutePath().toString().indexOf('"') >= 0) {
            return Optional.of("POV-Ray scene path " + scene + " contains '\"', which POV-Ray cannot be given");
        }
        if (!isAscii(scene.toAbsolutePath().toString())) {
            return Optional.of("POV-Ray scene path " + scene.toAbsolutePath() + " has non-ASCII characters, which"
                    + " POV-Ray 3.7 cannot open: rename the scene or its folders");
        }
        if (!Files.exists(scene)) {
            return Optional.of("POV-Ray scene " + name + " does not exist");
        }
        if (!Files.isRegularFile(scene)) {
            return Optional.of("POV-Ray scene " + name + " is not a regular file");
        }
        try (InputStream in = Files.newInputStream(scene)) {
            for (byte b : in.readNBytes(8192)) {
                if (b == 0) {
                    return Optional.of("POV-Ray scene " + name + " is not a text file");
                }
            }
            SceneSettings.read(scene);
        } catch (IOException e) {
            return Optional.of("POV-Ray scene " + name + " cannot be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return Optional.of("POV-Ray scene " + name + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * The argv for the invocation; reads the scene's header for its size.
     *
     * @throws UncheckedIOException     when the scene cannot be read
     * @throws IllegalArgumentException when the header is malformed or a path contains {@code "} or non-ASCII
     */
    @Override
    public List<String> command(RenderInvocation invocation) {
        SceneSettings settings;
        try {
            settings = SceneSettings.read(invocation.scene());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read POV-Ray scene " + invocation.scene(), e);
        }
        Path scene = invocation.scene().toAbsolutePath();
        Quality quality = invocation.quality();
        FrameSet frames = invocation.frames();
        List<String> argv = new ArrayList<>();
        argv.add(invocation.executable());
        argv.add("+I" + quoted(scene));
        argv.add("+O" + quoted(invocation.outputDir().toAbsolutePath().resolve("rf_")));
        // POV-Ray 3.7 looks for includes and images in the working folder, not the scene's, unless told.
        argv.add("+L" + quoted(Objects.requireNonNull(scene.toAbsolutePath().getParent(), "the scene's folder")));
        argv.add(PovRayFormats.option(invocation));
        argv.add("+W" + scaled(settings.width(), quality));
        argv.add("+H" + scaled(settings.height(), quality));
        // No window, no pause at the end; +V and +GA keep the progress and "Output file" lines the parser
        // needs even when the host's povray.ini turned them off.
        argv.addAll(List.of("-D", "-P", "+V", "+GA"));
        if (quality.preview()) {
            argv.addAll(List.of("+Q" + PREVIEW_QUALITY, "-A"));
        } else {
            argv.add("+Q" + FINAL_QUALITY);
            argv.add(settings.antialias().map(t -> "+A" + t.toPlainString()).orElse("-A"));
        }
        argv.addAll(animation(frames));
        if (invocation.threads() > 0) {
            argv.add("+WT" + invocation.threads());
        }
        return List.copyOf(argv);
    }

    /** What {@code +F} writes, by what the build says it supports (see {@link PovRayFormats}). */
    @Override
    public Set<FrameFormat> parseFormats(String output) {
        return PovRayFormats.parse(output);
    }

    /**
     * Maps frame numbers to themselves: initial frame and clock = first, final frame and clock = last + 1 (so the
     * clock is frame number times 1, and a single frame still counts as an animation; equal initial and final
     * frames give a NaN clock), then the subset first..last and the step pick exactly the invocation's frames.
     */
    static List<String> animation(FrameSet frames) {
        int first = frames.first();
        int end = frames.last() + 1;
        return List.of(
                "+KFI" + first,
                "+KFF" + end,
                "+KI" + first,
                "+KF" + end,
                "+SF" + first,
                "+EF" + frames.last(),
                "+STP" + frames.step());
    }

    private static int scaled(int size, Quality quality) {
        return quality.preview() ? Math.max(1, Math.round(size * quality.resolutionPercent() / 100f)) : size;
    }

    private static String quoted(Path path) {
        String text = path.toString();
        if (text.indexOf('"') >= 0) {
            throw new IllegalArgumentException("POV-Ray cannot be given a path containing '\"': " + text);
        }
        if (!isAscii(text)) {
            // POV-Ray 3.7 mangles non-ASCII characters in paths: it cannot open such a scene, and writes no frame
            // into such a folder while exiting 0.
            throw new IllegalArgumentException("POV-Ray 3.7 cannot use a path with non-ASCII characters: " + text
                    + " (rename it, or choose an output folder without them)");
        }
        return '"' + text + '"';
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    @Override
    public OutputParser newParser(RenderInvocation invocation) {
        return new Parser(invocation.outputDir());
    }

    /** The scene's folder and POV-Ray's configuration to read (its include library is under /usr); the output to write. */
    @Override
    public Optional<FileAccess> fileAccess(RenderInvocation invocation) {
        return Optional.of(new FileAccess(
                List.of(invocation.scene().toAbsolutePath().getParent(), Path.of(CONFIG)),
                List.of(invocation.outputDir())));
    }

    /**
     * What a scene's {@code // renderfarm:} header asks for.
     *
     * @param width     image width in pixels
     * @param height    image height in pixels
     * @param antialias the antialiasing threshold, empty for none
     */
    public record SceneSettings(int width, int height, Optional<BigDecimal> antialias) {
        public static final int DEFAULT_WIDTH = 320;
        public static final int DEFAULT_HEIGHT = 240;
        private static final Pattern HEADER = Pattern.compile("^\\s*//\\s*renderfarm:(.*)$");
        private static final int MAX_SIZE = 32768;

        /**
         * The settings of a scene file; defaults when it has no header.
         *
         * @throws IllegalArgumentException when the header is malformed
         */
        public static SceneSettings read(Path scene) throws IOException {
            // Latin-1 never fails to decode, and the header itself is ASCII.
            try (BufferedReader in = Files.newBufferedReader(scene, StandardCharsets.ISO_8859_1)) {
                String line;
                for (int i = 0; i < HEADER_LINES && (line = in.readLine()) != null; i++) {
                    Matcher header = HEADER.matcher(line);
                    if (header.matches()) {
                        return parse(header.group(1));
                    }
                }
            }
            return new SceneSettings(DEFAULT_WIDTH, DEFAULT_HEIGHT, Optional.empty());
        }

        /** Parses the text after {@code renderfarm:}, such as {@code width=640 height=480 antialias=0.3}. */
        public static SceneSettings parse(String header) {
            int width = DEFAULT_WIDTH;
            int height = DEFAULT_HEIGHT;
            Optional<BigDecimal> antialias = Optional.empty();
            for (String setting : header.strip().split("\\s+")) {
                if (setting.isEmpty()) {
                    continue;
                }
                int eq = setting.indexOf('=');
                String key = eq < 0 ? setting : setting.substring(0, eq);
                String value = eq < 0 ? "" : setting.substring(eq + 1);
                switch (key) {
                    case "width" -> width = size(key, value);
                    case "height" -> height = size(key, value);
                    case "antialias" -> antialias = Optional.of(threshold(value));
                    default ->
                        throw new IllegalArgumentException("unknown renderfarm header setting '" + setting
                                + "': known are width, height, antialias");
                }
            }
            return new SceneSettings(width, height, antialias);
        }

        private static int size(String key, String value) {
            if (!value.matches("\\d{1,5}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_SIZE) {
                throw new IllegalArgumentException(
                        "renderfarm header " + key + " must be 1.." + MAX_SIZE + " pixels, got '" + value + "'");
            }
            return Integer.parseInt(value);
        }

        private static BigDecimal threshold(String value) {
            if (!value.matches("\\d{1,3}(\\.\\d{1,6})?")) {
                throw new IllegalArgumentException(
                        "renderfarm header antialias must be a threshold like 0.3, got '" + value + "'");
            }
            BigDecimal threshold = new BigDecimal(value);
            if (threshold.compareTo(BigDecimal.valueOf(3)) > 0) {
                throw new IllegalArgumentException("renderfarm header antialias must be 0..3, got '" + value + "'");
            }
            return threshold;
        }
    }

    /**
     * Reads POV-Ray's console output. Each frame begins with an options banner whose {@code Output file} line names
     * the frame's file; POV-Ray writes that file only after the render, so a frame counts as saved when the next
     * frame's banner appears, or, for the last one, when the process exits with 0 ({@link #finish}). Parse errors
     * (syntax, a missing include file) are reported as scene errors, running out of memory as a slot error
     * ({@link RenderOutputListener#failure}).
     * POV-Ray wraps its console at 80 columns without dropping characters, so a long output path continues on
     * the following lines and is joined back until the {@code , 24 bpp} suffix.
     */
    static final class Parser implements OutputParser {
        /** The banner line naming the frame's file ({@code   Output file........../out/rf_07.png, 24 bpp PNG}); seen on 3.7.0.10. */
        static final Pattern OUTPUT_FILE = Pattern.compile("^\\s*Output file\\.+(.*)$");
        /** The end of that line, once wrapped pieces are joined; seen on 3.7.0.10. */
        static final Pattern OUTPUT_FILE_END = Pattern.compile("^(.*), \\d+ bpp\\b");
        /** Our output files; the number is the frame number, zero-padded; the extension {@code +F} chose. */
        static final Pattern FRAME_FILE = Pattern.compile("^rf_(\\d+)\\.(?:png|jpg|tga|exr)$");
        /** Progress, \r-separated, needs +V ({@code Rendered 1024 of 3072 pixels (33%)}); seen on 3.7.0.10. */
        static final Pattern PROGRESS = Pattern.compile("^Rendered (\\d+) of (\\d+) pixels");
        /**
         * Fatal problems ({@code File 'x.pov' line 2: Parse Error: …}, {@code Fatal error in parser: …},
         * {@code Cannot create render state output file.}); warnings say "Possible Parse Error" and are not
         * errors. Seen on 3.7.0.10.
         */
        static final Pattern ERROR = Pattern.compile("(?<!Possible )Parse Error:|^Fatal error|^Cannot ");
        /**
         * An error of the scene itself, which every slot would hit: syntax, undeclared identifiers, {@code #error},
         * {@code Parse Error: Cannot open include file …} for a missing include, and {@code Parse Error: Cannot open
         * user file … (write).} for a file outside what the {@link RendererSandbox} lets the scene touch. Seen on
         * 3.7.0.10.
         */
        static final Pattern SCENE_ERROR = Pattern.compile("(?<!Possible )Parse Error: ");
        /**
         * The start of a message about a place in the scene ({@code File '/s/a.pov' line 2: …}), whose kind may only
         * show on the next line once the path is long ({@code … line 2: Parse} / {@code  Error: Cannot open include
         * file …}): read whole before it is classified. Seen on 3.7.0.10.
         */
        static final Pattern SCENE_MESSAGE = Pattern.compile("^File '");
        /**
         * Memory running out on this machine; POV-Ray 3.7 reports {@code kOutOfMemoryErr} as "Out of memory" (from
         * its source: not reproduced here, since a memory limit makes it fail at start with "Unknown error code").
         */
        static final Pattern OUT_OF_MEMORY = Pattern.compile("(?i)\\bout of memory\\b");
        /**
         * POV-Ray's console width: a message wraps at a space before it (the next line starts with that space) or,
         * within a long word such as a path, right at it. Seen on 3.7.0.10.
         */
        static final int CONSOLE_COLUMNS = 80;
        /** A wrapped output line longer than this is not an output line after all. */
        private static final int MAX_OUTPUT_LINE = 8192;

        private final Path outputDir;
        private StringBuilder outputLine;
        private StringBuilder pendingError;
        private int previousLength;
        private int currentFrame = -1;
        private Path currentFile;

        Parser(Path outputDir) {
            this.outputDir = outputDir.toAbsolutePath();
        }

        @Override
        public void accept(String line, RenderOutputListener listener) {
            boolean wrapped = previousLength >= CONSOLE_COLUMNS;
            previousLength = line.length();
            if (pendingError != null) {
                if (wrapped || line.startsWith(" ") && !line.isBlank()) {
                    pendingError.append(line); // the 80-column wrap of the same message, no character dropped
                    if (pendingError.length() > MAX_OUTPUT_LINE) {
                        flushError(listener); // no message is this long: whatever follows is not part of it
                    }
                    return;
                }
                flushError(listener);
            }
            if (outputLine != null) {
                outputLine.append(line);
                completeOutputLine(listener);
                return;
            }
            Matcher output = OUTPUT_FILE.matcher(line);
            if (output.matches()) {
                outputLine = new StringBuilder(output.group(1));
                completeOutputLine(listener);
                return;
            }
            Matcher progress = PROGRESS.matcher(line);
            if (progress.find()) {
                double total = Double.parseDouble(progress.group(2));
                if (currentFrame >= 0 && total > 0) {
                    listener.progress(currentFrame, Math.min(1.0, Double.parseDouble(progress.group(1)) / total));
                }
                return;
            }
            if (ERROR.matcher(line).find()
                    || OUT_OF_MEMORY.matcher(line).find()
                    || SCENE_MESSAGE.matcher(line).find()) {
                pendingError = new StringBuilder(line);
            }
        }

        private void flushError(RenderOutputListener listener) {
            if (pendingError != null) {
                String message = pendingError.toString().strip();
                pendingError = null;
                if (SCENE_ERROR.matcher(message).find()) {
                    listener.failure(FailureKind.SCENE, message);
                } else if (OUT_OF_MEMORY.matcher(message).find()) {
                    listener.failure(FailureKind.SLOT, message);
                } else if (ERROR.matcher(message).find()) {
                    listener.error(message);
                }
            }
        }

        private void completeOutputLine(RenderOutputListener listener) {
            Matcher end = OUTPUT_FILE_END.matcher(outputLine);
            if (end.find()) {
                outputLine = null;
                String path = end.group(1);
                String fileName = path.substring(path.lastIndexOf('/') + 1);
                Matcher frame = FRAME_FILE.matcher(fileName);
                if (frame.matches()) {
                    frameBegins(Integer.parseInt(frame.group(1)), outputDir.resolve(fileName), listener);
                }
            } else if (outputLine.length() > MAX_OUTPUT_LINE) {
                outputLine = null;
            }
        }

        private void frameBegins(int frame, Path file, RenderOutputListener listener) {
            if (frame == currentFrame) {
                return;
            }
            savePending(listener);
            currentFrame = frame;
            currentFile = file;
            listener.frameStarted(frame);
        }

        private void savePending(RenderOutputListener listener) {
            if (currentFile != null) {
                listener.frameSaved(currentFrame, currentFile);
                currentFile = null;
            }
        }

        /** The last frame is written once POV-Ray exits cleanly; after a failure it may be missing or partial. */
        @Override
        public void finish(int exitCode, RenderOutputListener listener) {
            flushError(listener);
            if (exitCode == 0) {
                savePending(listener);
            }
        }
    }
}

package io.renderfarm.engine.render;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads POV-Ray's console output, for {@link PovRayRenderer}; a fresh one per process. Each frame begins with an
 * options banner whose {@code Output file} line names the frame's file; POV-Ray writes that file only after the
 * render, so a frame counts as saved when the next frame's banner appears, or, for the last one, when the process
 * exits with 0 ({@link #finish}). Parse errors (syntax, a missing include file) are reported as scene errors,
 * running out of memory as a slot error ({@link RenderOutputListener#failure}).
 * POV-Ray wraps its console at 80 columns without dropping characters, so a long output path continues on
 * the following lines and is joined back until the {@code , 24 bpp} suffix.
 */
final class PovRayOutputParser implements OutputParser {
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

    PovRayOutputParser(Path outputDir) {
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

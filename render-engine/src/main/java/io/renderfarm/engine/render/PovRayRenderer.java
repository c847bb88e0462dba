package io.renderfarm.engine.render;

import io.renderfarm.engine.job.FrameFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
 *       reads them ({@link PovRaySceneSettings}) from a header line among the scene's first
 *       {@value PovRaySceneSettings#HEADER_LINES} lines: {@code // renderfarm: width=640 height=480 antialias=0.3}.
 *       Every key is optional: width and height default to 320 x 240 (POV-Ray's built-in default), antialiasing
 *       is off unless a threshold (0–3) is given. Unknown keys are refused. An {@code .ini} next to the scene is
 *       not used, and the host's {@code povray.ini} cannot change these, nor the quality (+Q9), so every host
 *       renders the same image.</li>
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
 * <p>What this adapter knows of POV-Ray stays in its classes: the argv in {@link PovRayCommand}, the scene header in
 * {@link PovRaySceneSettings}, the formats in {@link PovRayFormats}, and the 80-column console with the failures it
 * tells apart in {@link PovRayOutputParser}.
 */
public final class PovRayRenderer implements Renderer {
    public static final String NAME = "povray";

    /** {@code povray --version} prints {@code POV-Ray 3.7.0.10.unofficial} on stderr; seen on 3.7.0.10. */
    private static final Pattern VERSION = Pattern.compile("POV-Ray (\\d+(?:\\.\\d+)+)");
    /** Debian's povray.conf and povray.ini (the library path); seen on 3.7.0.10. */
    private static final String CONFIG = "/etc/povray";

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
        if (!PovRayCommand.isAscii(scene.toAbsolutePath().toString())) {
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
            PovRaySceneSettings.read(scene);
        } catch (IOException e) {
            return Optional.of("POV-Ray scene " + name + " cannot be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return Optional.of("POV-Ray scene " + name + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * The argv for the invocation ({@link PovRayCommand}); reads the scene's header for its size.
     *
     * @throws UncheckedIOException     when the scene cannot be read
     * @throws IllegalArgumentException when the header is malformed or a path contains {@code "} or non-ASCII
     */
    @Override
    public List<String> command(RenderInvocation invocation) {
        return PovRayCommand.argv(invocation);
    }

    /** What {@code +F} writes, by what the build says it supports (see {@link PovRayFormats}). */
    @Override
    public Set<FrameFormat> parseFormats(String output) {
        return PovRayFormats.parse(output);
    }

    @Override
    public OutputParser newParser(RenderInvocation invocation) {
        return new PovRayOutputParser(invocation.outputDir());
    }

    /** The scene's folder and POV-Ray's configuration to read (its include library is under /usr); the output to write. */
    @Override
    public Optional<FileAccess> fileAccess(RenderInvocation invocation) {
        return Optional.of(new FileAccess(
                List.of(invocation.scene().toAbsolutePath().getParent(), Path.of(CONFIG)),
                List.of(invocation.outputDir())));
    }
}

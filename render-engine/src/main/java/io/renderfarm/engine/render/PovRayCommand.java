package io.renderfarm.engine.render;

import io.renderfarm.engine.frames.FrameSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * POV-Ray's command line, for {@link PovRayRenderer}: the scene, output and library paths quoted (POV-Ray re-splits
 * its command line), the size from the scene's header ({@link PovRaySceneSettings}), the quality and antialiasing,
 * and the animation options that give each frame its own number as {@code clock}. Stateless.
 */
final class PovRayCommand {
    private static final int FINAL_QUALITY = 9;
    private static final int PREVIEW_QUALITY = 8;

    private PovRayCommand() {}

    /**
     * The argv for the invocation; reads the scene's header for its size.
     *
     * @throws UncheckedIOException     when the scene cannot be read
     * @throws IllegalArgumentException when the header is malformed or a path contains {@code "} or non-ASCII
     */
    static List<String> argv(RenderInvocation invocation) {
        PovRaySceneSettings settings;
        try {
            settings = PovRaySceneSettings.read(invocation.scene());
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

    static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }
}

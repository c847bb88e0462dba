package io.renderfarm.engine.render;

import io.renderfarm.engine.job.FrameFormat;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * POV-Ray's side of the frame formats, for {@link PovRayRenderer}: the {@code +F} option of each format it writes
 * and which of them a build has, from {@code povray --version}. Stateless.
 */
final class PovRayFormats {
    /**
     * The image formats {@code povray --version} lists ({@code Supported image formats: gif tga iff ppm pgm hdr png
     * jpeg tiff openexr}); seen on 3.7.0.10.
     */
    private static final Pattern IMAGE_FORMATS = Pattern.compile("Supported image formats:([^\\n]*)");
    /** The {@code +F} option of each format POV-Ray writes; a scene has no format of its own, so PNG. */
    private static final Map<FrameFormat, String> OPTIONS = Map.of(
            FrameFormat.SCENE,
            "+FN",
            FrameFormat.PNG,
            "+FN",
            FrameFormat.PNG16,
            "+FN16",
            FrameFormat.JPEG,
            "+FJ",
            FrameFormat.TGA,
            "+FT",
            FrameFormat.EXR,
            "+FE");

    private PovRayFormats() {}

    /**
     * The {@code +F} option of the invocation: 8-bit PNG for previews, else its format's.
     *
     * @throws IllegalArgumentException for a format POV-Ray cannot write
     */
    static String option(RenderInvocation invocation) {
        if (invocation.quality().preview()) {
            return "+FN";
        }
        String option = OPTIONS.get(invocation.format().format());
        if (option == null) {
            throw new IllegalArgumentException("POV-Ray cannot write "
                    + invocation.format().format() + " frames: use png, png16, jpeg, tga or exr");
        }
        return option;
    }

    /** The formats the version output says the build writes; PNG and Targa are always built in. */
    static Set<FrameFormat> parse(String versionOutput) {
        Matcher m = IMAGE_FORMATS.matcher(versionOutput == null ? "" : versionOutput);
        if (!m.find()) {
            return Set.of();
        }
        List<String> listed = List.of(m.group(1).strip().split("\\s+"));
        Set<FrameFormat> formats = EnumSet.of(FrameFormat.PNG, FrameFormat.PNG16, FrameFormat.TGA);
        if (listed.contains("jpeg")) {
            formats.add(FrameFormat.JPEG);
        }
        if (listed.contains("openexr")) {
            formats.add(FrameFormat.EXR);
        }
        return formats;
    }
}

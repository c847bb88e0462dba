package io.renderfarm.engine.farm;

import io.renderfarm.engine.sample.FrameSamples;
import io.renderfarm.engine.sample.ProxySampler;
import io.renderfarm.engine.verify.DecodedFrame;
import io.renderfarm.engine.verify.FrameVerifier;
import io.renderfarm.engine.verify.InvalidFrameException;
import java.nio.file.Path;

/**
 * The half of taking a frame in that needs the image, run where the frame was rendered (a Jenkins agent): the
 * {@link FrameVerifier}'s check in the frame's real format (PNG chunk CRCs, ImageIO decoding, TGA, the OpenEXR
 * structure; SHA-256 of the bytes checked) and, for a final-quality frame ImageIO or TGA decodes, its samples
 * (thumbnail and, when wanted, the movie's frame). An OpenEXR frame's samples need an ffmpeg proxy, too slow for the
 * renderer's path: {@link #inspect} keeps what was read for a {@link ProxySampler}. The host storing the frame then
 * only streams and compares bytes ({@code FrameReceiver}), so its cost does not grow with image size or format.
 * Stateless.
 */
public final class FrameCheck {
    private final FrameVerifier verifier = new FrameVerifier();
    private final boolean movieFrames;

    /** A check that makes movie frames too. */
    public FrameCheck() {
        this(true);
    }

    /** @param movieFrames whether final frames get the preview movie's frame (the host storing them makes a movie) */
    public FrameCheck(boolean movieFrames) {
        this.movieFrames = movieFrames;
    }

    /** Checks {@code file}; previews get no samples (the preview itself is the sample). */
    public CheckedFrame check(Path file, boolean preview) throws InvalidFrameException {
        return inspect(file, preview).checked();
    }

    /** {@link #check}, keeping what was read for an OpenEXR frame's proxy. */
    public Inspected inspect(Path file, boolean preview) throws InvalidFrameException {
        DecodedFrame decoded = verifier.verifyAndDecode(file);
        FrameSamples samples =
                preview || decoded.image() == null ? null : FrameSamples.of(decoded.image(), movieFrames);
        CheckedFrame checked = new CheckedFrame(
                decoded.verified(),
                decoded.type(),
                String.valueOf(file.getFileName()),
                samples == null || samples.isEmpty() ? null : samples);
        return new Inspected(checked, !preview && decoded.image() == null ? decoded : null);
    }

    /**
     * A checked frame, and when its samples need a proxy (a final OpenEXR frame) what the check read, for
     * {@link ProxySampler#submit} once the frame was delivered; else {@code proxySource} is null.
     */
    public record Inspected(CheckedFrame checked, DecodedFrame proxySource) {}
}

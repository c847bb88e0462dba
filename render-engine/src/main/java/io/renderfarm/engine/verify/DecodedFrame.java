package io.renderfarm.engine.verify;

import java.awt.image.BufferedImage;

/**
 * A verified frame together with the image it decoded to, so the intake decodes each frame once: the thumbnail
 * is made from {@link #image()} instead of reading the file again. Not serializable; kept only while the frame is
 * taken in.
 */
public record DecodedFrame(VerifiedFrame verified, BufferedImage image) {
}

package io.renderfarm.engine.verify;

import java.awt.image.BufferedImage;

/**
 * A verified frame with what the verification read, so the intake reads each frame once: the decoded image for
 * formats the JDK (or {@code TgaImage}) decodes, from which the thumbnail is made; for OpenEXR no image but what the
 * structural check found and the file's bytes, from which a proxy is made off the render path. Not serializable;
 * kept only while the frame is taken in.
 *
 * @param verified dimensions, size and SHA-256
 * @param type     the file's real type, whose extension the stored frame gets
 * @param image    the decoded pixels, or null for OpenEXR
 * @param exr      what an OpenEXR file holds, else null
 * @param bytes    the file's content as it was checked
 */
public record DecodedFrame(
        VerifiedFrame verified, FrameFileType type, BufferedImage image, ExrChecker.ExrInfo exr, byte[] bytes) {}

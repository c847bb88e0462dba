package io.jenkins.plugins.renderfarm.farm;

import io.renderfarm.engine.sample.ThumbnailImage;
import io.renderfarm.engine.schedule.CheckedFrame;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.io.Serializable;

/**
 * The engine's {@link CheckedFrame} on its way from an agent to the controller, as plain numbers, strings and
 * arrays of this plugin's own class, so Remoting's class filter has nothing of a bundled library to admit. The
 * controller rebuilds the engine's value with {@link #toChecked()}, which refuses what an agent could not have
 * made honestly (a checksum that is not one, a thumbnail that is not small).
 */
public final class AgentCheckedFrame implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int width;
    private final int height;
    private final long bytes;
    private final String sha256;
    private final int thumbnailWidth;
    private final int thumbnailHeight;
    private final int[] thumbnailRgb;
    private final byte[] thumbnailPng;

    private AgentCheckedFrame(CheckedFrame checked) {
        VerifiedFrame v = checked.verified();
        ThumbnailImage t = checked.thumbnail();
        this.width = v.width();
        this.height = v.height();
        this.bytes = v.bytes();
        this.sha256 = v.sha256();
        this.thumbnailWidth = t == null ? 0 : t.width();
        this.thumbnailHeight = t == null ? 0 : t.height();
        this.thumbnailRgb = t == null ? null : t.rgb();
        this.thumbnailPng = t == null ? null : t.png();
    }

    static AgentCheckedFrame of(CheckedFrame checked) {
        return new AgentCheckedFrame(checked);
    }

    /** The engine's value; {@link IllegalArgumentException} for values no honest agent sends. */
    CheckedFrame toChecked() {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("the agent's checksum is not a SHA-256");
        }
        ThumbnailImage thumbnail = thumbnailPng == null ? null
                : new ThumbnailImage(thumbnailWidth, thumbnailHeight, thumbnailRgb, thumbnailPng);
        return new CheckedFrame(new VerifiedFrame(width, height, bytes, sha256), thumbnail);
    }
}

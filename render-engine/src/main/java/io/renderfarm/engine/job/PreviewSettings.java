package io.renderfarm.engine.job;

import java.io.Serializable;

/**
 * How the preview pass renders quick samples before the full-quality frames.
 *
 * @param enabled            whether a preview pass runs at all
 * @param frames             how many preview frames (first, last, middle, then midpoints); capped by the job's size
 * @param resolutionPercent  resolution of previews as a percentage of the scene's, 1..100
 * @param samples            Cycles samples for Blender previews (POV-Ray previews turn antialiasing off instead)
 * @param awaitApproval      pause after the preview pass until the client approves or cancels
 */
public record PreviewSettings(boolean enabled, int frames, int resolutionPercent, int samples, boolean awaitApproval)
        implements Serializable {
    public static final PreviewSettings DEFAULT = new PreviewSettings(true, 3, 25, 4, false);
    public static final PreviewSettings OFF = new PreviewSettings(false, 0, 25, 4, false);

    public PreviewSettings {
        if (frames < 0) {
            throw new IllegalArgumentException("preview frames must not be negative, got " + frames);
        }
        if (resolutionPercent < 1 || resolutionPercent > 100) {
            throw new IllegalArgumentException("preview resolution must be 1..100 percent, got " + resolutionPercent);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("preview samples must be at least 1, got " + samples);
        }
    }
}

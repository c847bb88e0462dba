package io.renderfarm.engine.render;

import java.io.Serializable;

/**
 * Quality of one render: the scene's own settings for final frames, or a cheaper preview.
 *
 * @param preview           whether this is a preview render
 * @param resolutionPercent percentage of the scene's resolution (100 for final frames)
 * @param samples           Cycles samples for Blender previews; 0 keeps the scene's samples
 */
public record Quality(boolean preview, int resolutionPercent, int samples) implements Serializable {
    public static final Quality FINAL = new Quality(false, 100, 0);

    public static Quality preview(int resolutionPercent, int samples) {
        return new Quality(true, resolutionPercent, samples);
    }
}

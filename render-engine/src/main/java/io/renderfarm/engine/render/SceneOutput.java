package io.renderfarm.engine.render;

import java.io.Serializable;

/**
 * What a renderer said about the scene's output while it rendered, for what the farm makes of the frames
 * afterwards: the frame rate of the preview movie, and a description of the format for people.
 *
 * @param format a description such as {@code OPEN_EXR_MULTILAYER 16-bit ZIP, view Filmic}
 * @param fps    frames per second of the scene; positive
 */
public record SceneOutput(String format, double fps) implements Serializable {
    /** POV-Ray scenes have no frame rate; the movie plays them at this one. */
    public static final double DEFAULT_FPS = 24;

    public SceneOutput {
        format = format == null ? "" : format;
        if (!(fps > 0) || fps > 1000) {
            fps = DEFAULT_FPS;
        }
    }
}

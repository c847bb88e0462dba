package io.jenkins.plugins.renderfarm.farm.agent;

import io.renderfarm.engine.sample.FrameSamples;
import io.renderfarm.engine.sample.MovieFrame;
import io.renderfarm.engine.sample.ThumbnailImage;
import java.io.Serializable;

/**
 * The engine's {@link FrameSamples} on their way from an agent to the controller, as plain numbers and arrays of
 * this plugin's own class, so Remoting's class filter has nothing of a bundled library to admit. The controller
 * rebuilds the engine's value with {@link #toSamples()}, which refuses what an agent could not have made honestly
 * (a thumbnail or movie frame that is not small, pixels that do not fill it).
 */
public final class AgentFrameSamples implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int thumbnailWidth;
    private final int thumbnailHeight;
    private final int[] thumbnailRgb;
    private final byte[] thumbnailPng;
    private final int movieWidth;
    private final int movieHeight;
    private final byte[] movieRgb;

    private AgentFrameSamples(FrameSamples samples) {
        ThumbnailImage t = samples.thumbnail();
        MovieFrame m = samples.movieFrame();
        this.thumbnailWidth = t == null ? 0 : t.width();
        this.thumbnailHeight = t == null ? 0 : t.height();
        this.thumbnailRgb = t == null ? null : t.rgb();
        this.thumbnailPng = t == null ? null : t.png();
        this.movieWidth = m == null ? 0 : m.width();
        this.movieHeight = m == null ? 0 : m.height();
        this.movieRgb = m == null ? null : m.rgb();
    }

    /** Null for none. */
    static AgentFrameSamples of(FrameSamples samples) {
        return samples == null ? null : new AgentFrameSamples(samples);
    }

    /** The engine's value; {@link IllegalArgumentException} for values no honest agent sends. */
    public FrameSamples toSamples() {
        ThumbnailImage thumbnail = thumbnailPng == null ? null
                : new ThumbnailImage(thumbnailWidth, thumbnailHeight, thumbnailRgb, thumbnailPng);
        MovieFrame movie = movieRgb == null ? null : new MovieFrame(movieWidth, movieHeight, movieRgb);
        return new FrameSamples(thumbnail, movie);
    }
}

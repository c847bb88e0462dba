package io.renderfarm.engine.site.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One frame of a job on a site.
 *
 * @param frame  the frame number
 * @param state  {@code pending}, {@code rendering}, {@code done} or {@code failed}
 * @param file   the frame's file name once done
 * @param sha256 its SHA-256 once done, as verified and stored by the site
 * @param bytes  its size once done
 * @param url    where the site serves the image once done (a path on the site)
 * @param width  the verified image's width once done, when the site knows it (older sites and frames stored
 *               before the site recorded it leave it out)
 * @param height its height, alongside {@code width}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FrameView(
        int frame, String state, String file, String sha256, Long bytes, String url, Integer width, Integer height) {
    /** A frame without its dimensions (not done, or not known). */
    public FrameView(int frame, String state, String file, String sha256, Long bytes, String url) {
        this(frame, state, file, sha256, bytes, url, null, null);
    }

    public boolean done() {
        return "done".equals(state);
    }
}

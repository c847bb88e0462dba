package io.renderfarm.engine.site.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.renderfarm.engine.capability.VersionConstraint;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.ProfileReader;
import io.renderfarm.engine.render.Renderers;

/**
 * Body of {@code POST /api/offer}: the job a site is asked about, by its profile.
 *
 * @param profile the JSON form of a profile ({@link ProfileReader}), as in a submit
 */
public record OfferRequest(JsonNode profile) {
    /**
     * The profile a request (null for an empty body) asks about, checked as a submit's is: a renderer the engine
     * knows, a version constraint it can read.
     *
     * @throws IllegalArgumentException naming what is missing or wrong, for a 400
     */
    public static JobProfile checkedProfile(OfferRequest request) {
        JsonNode profile = request == null ? null : request.profile();
        if (profile == null || profile.isNull()) {
            throw new IllegalArgumentException("send {\"profile\": {...}} with the profile of the job to offer for");
        }
        try {
            JobProfile checked = ProfileReader.fromJson(profile);
            Renderers.forName(checked.renderer());
            VersionConstraint.parse(checked.versionConstraint());
            return checked;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("profile: " + e.getMessage(), e);
        }
    }
}

package io.jenkins.plugins.renderfarm;

import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.site.api.Where;

/**
 * What a caller asks to render, before it is checked: from the {@code renderFrames} step, a render job's form, or
 * a job another controller delegated here. {@link RenderStart} checks it and turns it into a {@link RenderSpec}.
 */
final class RenderRequest {
    String scene = "";
    String frames = "";
    /** A configured profile's name; for a delegated job, the profile whose agent pool the job may use. */
    String profile = "";
    String output = "frame_";
    String artifactDir = "renders";
    String assets = "";
    Where where = Where.LOCAL;
    String remote = "";
    /** Null keeps the profile's preview pass; true turns one on (the profile's or the default), false turns it off. */
    Boolean preview;
    /** A delegated job's own profile, as submitted; null uses the named profile's settings. */
    JobProfile submittedProfile;
    String filesDir;
    String siteJobId;
}

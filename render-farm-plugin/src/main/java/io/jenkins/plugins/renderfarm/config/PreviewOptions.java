package io.jenkins.plugins.renderfarm.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import io.renderfarm.engine.job.PreviewSettings;
import java.io.Serializable;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The preview pass of a {@link RenderProfile}: how many quick, low-resolution sample frames render before the
 * full-quality frames. Absent from a profile means no preview pass. Converts to the engine's
 * {@link PreviewSettings}, which validates the values.
 */
public final class PreviewOptions implements Describable<PreviewOptions>, Serializable {
    private static final long serialVersionUID = 1L;

    private int frames = PreviewSettings.DEFAULT.frames();
    private int resolutionPercent = PreviewSettings.DEFAULT.resolutionPercent();
    private int samples = PreviewSettings.DEFAULT.samples();

    @DataBoundConstructor
    public PreviewOptions() {
    }

    public int getFrames() {
        return frames;
    }

    @DataBoundSetter
    public void setFrames(int frames) {
        this.frames = frames;
    }

    public int getResolutionPercent() {
        return resolutionPercent;
    }

    @DataBoundSetter
    public void setResolutionPercent(int resolutionPercent) {
        this.resolutionPercent = resolutionPercent;
    }

    public int getSamples() {
        return samples;
    }

    @DataBoundSetter
    public void setSamples(int samples) {
        this.samples = samples;
    }

    /** Approval gating is not offered in Jenkins: the standard abort button is the way to stop after samples. */
    PreviewSettings toSettings() {
        return new PreviewSettings(true, frames, resolutionPercent, samples, false);
    }

    /** Form and JCasC support; the values are checked by the engine when a render starts. */
    @Extension
    @Symbol("preview")
    public static final class DescriptorImpl extends Descriptor<PreviewOptions> {
        @Override
        public String getDisplayName() {
            return "Preview pass";
        }
    }
}

package io.jenkins.plugins.renderfarm.config;

import hudson.Util;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.renderfarm.engine.frames.FrameSet;
import java.util.Locale;

/**
 * What the {@code renderFrames} step's form and the render job's form share: the lists and checks behind their
 * fields, and how a {@code where} value is read. Each descriptor decides who may see them and passes that in, so
 * nothing is listed or checked for someone who may not configure the job.
 */
public final class RenderForms {
    private RenderForms() {
    }

    /** The configured profiles' names. */
    public static ListBoxModel profileItems(boolean allowed) {
        ListBoxModel items = new ListBoxModel();
        if (allowed) {
            for (RenderProfile p : RenderFarmConfiguration.get().getProfiles()) {
                items.add(p.getName());
            }
        }
        return items;
    }

    /** {@code local}, {@code remote}, {@code auto}. */
    public static ListBoxModel whereItems(boolean allowed) {
        return allowed ? RenderFarmConfiguration.whereItems() : new ListBoxModel();
    }

    /** The configured remote controllers' names. */
    public static ListBoxModel remoteItems(boolean allowed) {
        return allowed ? RenderFarmConfiguration.get().remoteItems() : new ListBoxModel();
    }

    /** How many frames a frame spec names, or what is wrong with it. */
    public static FormValidation checkFrames(boolean allowed, String value) {
        if (!allowed) {
            return FormValidation.ok();
        }
        try {
            return FormValidation.ok(FrameSet.parse(value).size() + " frame(s)");
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** A {@code where} value as given: blank is {@code local}; the words are checked when the render starts. */
    public static String where(String where) {
        return Util.fixEmptyAndTrim(where) == null ? "local" : where.trim().toLowerCase(Locale.ROOT);
    }
}

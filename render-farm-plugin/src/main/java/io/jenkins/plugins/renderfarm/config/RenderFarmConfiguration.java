package io.jenkins.plugins.renderfarm.config;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.renderfarm.engine.site.CallbackSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The render farm section of the system configuration: the named job profiles pipelines choose with
 * {@code renderFrames profile: 'name'}, the remote controllers renders may be sent to, and the job that runs
 * renders other controllers send here. Bound through {@link DataBoundSetter}s, so Configuration as Code reads and
 * writes it as {@code unclassified: renderFarm: {profiles: [...], remoteControllers: [...], siteJob: ...}}.
 */
@Extension
@Symbol("renderFarm")
public class RenderFarmConfiguration extends GlobalConfiguration {
    private List<RenderProfile> profiles = new ArrayList<>();
    private List<RemoteController> remoteControllers = new ArrayList<>();
    /** The job delegated renders run as builds of, when this controller serves the site protocol; empty: none. */
    private String siteJob = "";
    /** Derives the keys remote controllers sign completion notices with; generated once, never shown. */
    private Secret callbackSecret;

    public RenderFarmConfiguration() {
        load();
    }

    public static RenderFarmConfiguration get() {
        return ExtensionList.lookupSingleton(RenderFarmConfiguration.class);
    }

    public List<RenderProfile> getProfiles() {
        return List.copyOf(profiles);
    }

    @DataBoundSetter
    public void setProfiles(List<RenderProfile> profiles) {
        this.profiles = profiles == null ? new ArrayList<>() : new ArrayList<>(profiles);
        save();
    }

    public List<RemoteController> getRemoteControllers() {
        return List.copyOf(remoteControllers);
    }

    @DataBoundSetter
    public void setRemoteControllers(List<RemoteController> remoteControllers) {
        this.remoteControllers = remoteControllers == null ? new ArrayList<>() : new ArrayList<>(remoteControllers);
        save();
    }

    public String getSiteJob() {
        return siteJob;
    }

    /** The full name of the render job that runs jobs other controllers send here; empty refuses them. */
    @DataBoundSetter
    public void setSiteJob(String siteJob) {
        this.siteJob = Util.fixNull(siteJob).trim();
        save();
    }

    /** The named remote controller, or the first one when the name is blank. */
    public Optional<RemoteController> remoteController(String name) {
        if (name == null || name.isBlank()) {
            return remoteControllers.stream().findFirst();
        }
        return remoteControllers.stream().filter(r -> r.getName().equals(name)).findFirst();
    }

    /** This controller's callback secret, created on first use and kept encrypted with the configuration. */
    public synchronized String callbackSecret() {
        if (callbackSecret == null) {
            callbackSecret = Secret.fromString(CallbackSignature.newSecret());
            save();
        }
        return callbackSecret.getPlainText();
    }

    public ListBoxModel remoteItems() {
        ListBoxModel items = new ListBoxModel();
        items.add("(the first one)", "");
        for (RemoteController r : remoteControllers) {
            items.add(r.getName());
        }
        return items;
    }

    /** The choices of {@code where}. */
    public static ListBoxModel whereItems() {
        ListBoxModel items = new ListBoxModel();
        items.add("local: this controller's agents", "local");
        items.add("remote: a remote controller", "remote");
        items.add("auto: remote when local agents are busy", "auto");
        return items;
    }

    /** The first profile of that name; names are compared exactly, as pipelines spell them. */
    public Optional<RenderProfile> profile(String name) {
        return profiles.stream().filter(p -> p.getName().equals(name)).findFirst();
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        // A form with every profile deleted submits no "profiles" key; bindJSON would then keep the old list.
        profiles = new ArrayList<>();
        remoteControllers = new ArrayList<>();
        req.bindJSON(this, json);
        save();
        return true;
    }
}

package io.jenkins.plugins.renderfarm.config;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.security.Permission;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.renderfarm.engine.site.callback.CallbackPeers;
import io.renderfarm.engine.site.callback.CallbackSignature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * The render farm section of the system configuration: the named job profiles pipelines choose with
 * {@code renderFrames profile: 'name'}, the remote controllers renders may be sent to, the job that runs renders
 * other controllers send here, and the controllers allowed to have completion notices posted to them. Bound through
 * {@link DataBoundSetter}s, so Configuration as Code reads and writes it as
 * {@code unclassified: renderFarm: {profiles: [...], remoteControllers: [...], siteJob: ..., callbackPeers: ...}}.
 *
 * <p>One permission guards the section and every form helper of what it holds ({@link #PERMISSION}): Overall/
 * Administer, not Overall/Manage, because the section picks credentials and the hosts they and completion notices
 * are sent to, which Manage is not meant to grant.
 */
@Extension
@Symbol("renderFarm")
public class RenderFarmConfiguration extends GlobalConfiguration {
    /** Needed to see and change this section and to use its form helpers. */
    public static final Permission PERMISSION = Jenkins.ADMINISTER;

    private List<RenderProfile> profiles = new ArrayList<>();
    private List<RemoteController> remoteControllers = new ArrayList<>();
    /** The job delegated renders run as builds of, when this controller serves the site protocol; empty: none. */
    private String siteJob = "";
    /** Controllers that may delegate renders here with a callback URL, one URL per line (besides the remotes). */
    private String callbackPeers = "";
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

    public String getCallbackPeers() {
        return callbackPeers == null ? "" : callbackPeers;
    }

    /**
     * The controllers and sites, one URL per line, that may send renders here with a callback URL and so have this
     * controller post their completion notices (the remote controllers count already). Only scheme, host and port
     * are compared.
     */
    @DataBoundSetter
    public void setCallbackPeers(String callbackPeers) {
        this.callbackPeers = Util.fixNull(callbackPeers).strip();
        save();
    }

    /**
     * Where this controller posts completion notices: the remote controllers and the callback peers. A peer line
     * that is not an http(s) URL is left out here (the form refuses it).
     */
    public CallbackPeers peers() {
        List<String> urls = new ArrayList<>();
        for (RemoteController r : remoteControllers) {
            urls.add(r.getUrl());
        }
        urls.addAll(peerLines(getCallbackPeers()));
        List<String> valid = new ArrayList<>();
        for (String url : urls) {
            try {
                CallbackPeers.of(List.of(url));
                valid.add(url);
            } catch (IllegalArgumentException e) {
                // not a URL: never a peer
            }
        }
        return CallbackPeers.of(valid);
    }

    static List<String> peerLines(String text) {
        return Arrays.stream(Util.fixNull(text).split("\\R")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    @Override
    public Permission getRequiredGlobalConfigPagePermission() {
        return PERMISSION;
    }

    /** Each line must be an http(s) URL. */
    @POST
    public FormValidation doCheckCallbackPeers(@QueryParameter String value) {
        Jenkins.get().checkPermission(PERMISSION);
        for (String line : peerLines(value)) {
            try {
                CallbackPeers.of(List.of(line));
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
        }
        return FormValidation.ok();
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

package io.jenkins.plugins.renderfarm.config;

import hudson.Extension;
import hudson.ExtensionList;
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
 * {@code renderFrames profile: 'name'}. Bound through {@link DataBoundSetter}s, so Configuration as Code reads
 * and writes it as {@code unclassified: renderFarm: profiles: [...]}.
 */
@Extension
@Symbol("renderFarm")
public class RenderFarmConfiguration extends GlobalConfiguration {
    private List<RenderProfile> profiles = new ArrayList<>();

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

    /** The first profile of that name; names are compared exactly, as pipelines spell them. */
    public Optional<RenderProfile> profile(String name) {
        return profiles.stream().filter(p -> p.getName().equals(name)).findFirst();
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        // A form with every profile deleted submits no "profiles" key; bindJSON would then keep the old list.
        profiles = new ArrayList<>();
        req.bindJSON(this, json);
        save();
        return true;
    }
}

package io.jenkins.plugins.renderfarm.agents;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.XmlFile;
import io.renderfarm.engine.capability.CapabilityLabels;
import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * The resource database: the last probe of every agent by node name, and the capability labels derived from it.
 * Kept in JENKINS_HOME so that after a controller restart the labels, and therefore the agents a resumed render
 * may wait for, are known before the agents reconnect and are probed again. Thread-safe.
 */
@Extension
public final class CapabilityCache {
    private static final Logger LOGGER = Logger.getLogger(CapabilityCache.class.getName());

    private final Map<String, ProbeRecord> records = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> labels = new ConcurrentHashMap<>();

    public CapabilityCache() {
        load();
    }

    public static CapabilityCache get() {
        return ExtensionList.lookupSingleton(CapabilityCache.class);
    }

    public Optional<ProbeRecord> record(String node) {
        return Optional.ofNullable(records.get(node));
    }

    /** The capability labels of a node; empty for one never probed successfully. Cheap: LabelFinders run often. */
    public Set<String> labelsOf(String node) {
        return labels.getOrDefault(node, Set.of());
    }

    public void put(String node, ProbeRecord record) {
        records.put(node, record);
        labels.put(node, Set.copyOf(CapabilityLabels.labels(record.toCapabilities())));
        save();
    }

    private synchronized void save() {
        try {
            file().write(new TreeMap<>(records));
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "cannot save render capabilities", e);
        }
    }

    @SuppressWarnings("unchecked")
    private void load() {
        XmlFile file = file();
        if (!file.exists()) {
            return;
        }
        try {
            ((Map<String, ProbeRecord>) file.read()).forEach((node, record) -> {
                records.put(node, record);
                labels.put(node, Set.copyOf(CapabilityLabels.labels(record.toCapabilities())));
            });
        } catch (IOException | ClassCastException e) {
            LOGGER.log(Level.WARNING, "cannot read render capabilities; agents are probed again as they connect", e);
        }
    }

    private static XmlFile file() {
        return new XmlFile(new File(Jenkins.get().getRootDir(), CapabilityCache.class.getName() + ".xml"));
    }
}

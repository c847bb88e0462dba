package io.jenkins.plugins.renderfarm.agents;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.XmlFile;
import hudson.model.Node;
import io.renderfarm.engine.capability.CapabilityLabels;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.model.NodeListener;

/**
 * The resource database: the last probe of every agent by node name, and the capability labels derived from it.
 * Kept in JENKINS_HOME so that after a controller restart the labels, and therefore the agents a resumed render
 * may wait for, are known before the agents reconnect and are probed again. A node deleted from Jenkins is
 * forgotten ({@link NodeChanges}), and so is one found missing by the periodic clean-up, so cloud agents that come
 * and go leave nothing behind. Thread-safe.
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

    /** Forgets a node's probe and labels: a node deleted from Jenkins (a cloud agent that was released). */
    public void forget(String node) {
        boolean had = records.remove(node) != null;
        labels.remove(node);
        if (had) {
            save();
        }
    }

    /** Keeps a renamed node's probe under its new name; it is probed again when it next connects anyway. */
    void rename(String from, String to) {
        ProbeRecord record = records.remove(from);
        labels.remove(from);
        if (record != null) {
            put(to, record);
        }
    }

    /**
     * Forgets every node not in {@code nodes}, those deleted while the controller was down or without telling
     * listeners; answers how many were forgotten.
     */
    public int retainOnly(Set<String> nodes) {
        List<String> gone = records.keySet().stream().filter(n -> !nodes.contains(n)).toList();
        gone.forEach(n -> {
            records.remove(n);
            labels.remove(n);
        });
        if (!gone.isEmpty()) {
            save();
        }
        return gone.size();
    }

    /** Forgets nodes as Jenkins deletes them, so the cache does not grow with every cloud agent ever started. */
    @Extension
    public static final class NodeChanges extends NodeListener {
        @Override
        protected void onDeleted(Node node) {
            get().forget(node.getNodeName());
        }

        @Override
        protected void onUpdated(Node oldOne, Node newOne) {
            if (!oldOne.getNodeName().equals(newOne.getNodeName())) {
                get().rename(oldOne.getNodeName(), newOne.getNodeName());
            }
        }
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

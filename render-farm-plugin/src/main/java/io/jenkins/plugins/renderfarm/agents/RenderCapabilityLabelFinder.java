package io.jenkins.plugins.renderfarm.agents;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.LabelFinder;
import hudson.model.Node;
import hudson.model.labels.LabelAtom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Adds each agent's render capability labels ({@code povray}, {@code blender-3.4}, {@code gpu}, {@code cores-16},
 * {@code ram-64g}) from the {@link CapabilityCache}; the probe fills the cache when the agent connects.
 */
@Extension
public final class RenderCapabilityLabelFinder extends LabelFinder {
    @Override
    public Collection<LabelAtom> findLabels(Node node) {
        List<LabelAtom> atoms = new ArrayList<>();
        // Labels are computed while Jenkins loads its nodes too, possibly before extensions are ready.
        List<CapabilityCache> caches = ExtensionList.lookup(CapabilityCache.class);
        if (caches.isEmpty()) {
            return atoms;
        }
        for (String label : caches.get(0).labelsOf(node.getNodeName())) {
            LabelAtom atom = LabelAtom.get(label);
            if (atom != null) {
                atoms.add(atom);
            }
        }
        return atoms;
    }
}

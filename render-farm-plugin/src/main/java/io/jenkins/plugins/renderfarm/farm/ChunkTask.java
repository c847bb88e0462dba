package io.jenkins.plugins.renderfarm.farm;

import hudson.model.Label;
import hudson.model.Node;
import hudson.model.Queue;
import hudson.model.ResourceList;
import hudson.model.Run;
import hudson.model.labels.LabelAtom;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * The queue item for one chunk: bound to the agent the engine picked (its self label), or to the job's label when
 * it waits for an agent a cloud provides (which is what makes the node provisioner start one), shown in the queue and on
 * the executor under the build's name, and guarded by the job's permissions (whoever may cancel the build may
 * cancel a chunk). Transient: after a controller restart the resumed step plans the remaining frames afresh.
 * Identity equality, so no two chunks are ever folded into one queue item.
 */
@ExportedBean
public final class ChunkTask implements Queue.TransientTask, AccessControlled {
    private final transient Run<?, ?> run;
    private final transient ChunkHandle handle;
    private final transient AgentRender render;
    private final transient String labelExpression;

    ChunkTask(Run<?, ?> run, ChunkHandle handle, AgentRender render, String labelExpression) {
        this.run = run;
        this.handle = handle;
        this.render = render;
        this.labelExpression = labelExpression;
    }

    ChunkHandle handle() {
        return handle;
    }

    AgentRender render() {
        return render;
    }

    Run<?, ?> run() {
        return run;
    }

    @Override
    public Label getAssignedLabel() {
        if (handle.nodeName == null) {
            return Jenkins.get().getLabel(labelExpression);
        }
        Node node = Jenkins.get().getNode(handle.nodeName);
        return node != null ? node.getSelfLabel() : LabelAtom.get(handle.nodeName);
    }

    @Exported
    @Override
    public String getName() {
        return "render " + run.getFullDisplayName() + " chunk " + handle.work.chunkId() + " (frames " + handle.work.frames() + ")";
    }

    @Override
    public String getFullDisplayName() {
        return getName();
    }

    @Override
    public String getDisplayName() {
        return getName();
    }

    @Exported
    @Override
    public String getUrl() {
        return run.getUrl();
    }

    @Override
    public Queue.Executable createExecutable() {
        return new ChunkExecutable(this);
    }

    @Override
    public ResourceList getResourceList() {
        return new ResourceList();
    }

    @Override
    public ACL getACL() {
        return run.getParent().getACL();
    }
}

package io.jenkins.plugins.renderfarm.farm;

import hudson.model.Label;
import hudson.model.Node;
import hudson.model.Queue;
import hudson.model.ResourceList;
import hudson.model.Run;
import hudson.model.labels.LabelAtom;
import hudson.model.queue.CauseOfBlockage;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.springframework.security.core.Authentication;

/**
 * The queue item for one chunk: bound to the agent the engine picked (its self label), or to the job's label when
 * it waits for whichever agent takes it (one a cloud provides, or one that is offline now), which is what makes the
 * node provisioner start one and what shows the chunk waiting in the queue with Jenkins' reason, as
 * {@code node(label)} waits. Like a {@code node} block's task it belongs to its build: its owner task is the job
 * and its owner executable the build (the queue and executor widgets show it under the build, queue sorters order
 * it with the job), it runs as the build's {@link BuildIdentity} ({@link ChunkAuthenticator}), so {@code Agent/Build}
 * decides which agents take it, and the job's permissions guard it (whoever may cancel the build may cancel a
 * chunk). Transient: after a controller restart the resumed step plans the remaining frames afresh. Identity
 * equality, so no two chunks are ever folded into one queue item.
 */
@ExportedBean
public final class ChunkTask implements Queue.TransientTask, AccessControlled {
    private final transient Run<?, ?> run;
    private final transient ChunkHandle handle;
    private final transient AgentRender render;
    private final transient String labelExpression;
    private final transient BuildIdentity identity;
    private final transient Authentication authentication;
    private final transient AgentExecutorFarm farm;

    ChunkTask(Run<?, ?> run, ChunkHandle handle, AgentRender render, String labelExpression, BuildIdentity identity,
              Authentication authentication, AgentExecutorFarm farm) {
        this.run = run;
        this.handle = handle;
        this.render = render;
        this.labelExpression = labelExpression;
        this.identity = identity;
        this.authentication = authentication;
        this.farm = farm;
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

    /** The build's authentication, or null when the build runs as the system (the queue's default then). */
    Authentication authentication() {
        return identity.isSystem() ? null : authentication;
    }

    /** Why {@code node} must not take this chunk, or null; only asked for a chunk queued for the label. */
    CauseOfBlockage refusal(Node node) {
        return handle.nodeName == null ? farm.refusal(node) : null;
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

    /** The build's job, as for a {@code node} block: the queue and queue sorters treat the chunk as the job's. */
    @Override
    public Queue.Task getOwnerTask() {
        return run.getParent() instanceof Queue.Task job ? job : this;
    }

    @Override
    public Queue.Executable getOwnerExecutable() {
        return run instanceof Queue.Executable build ? build : null;
    }

    @Override
    public ACL getACL() {
        return run.getParent().getACL();
    }
}

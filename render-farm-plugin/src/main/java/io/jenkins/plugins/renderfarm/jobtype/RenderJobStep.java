package io.jenkins.plugins.renderfarm.jobtype;

import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Set;
import org.jenkinsci.plugins.workflow.flow.FlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code renderJob()}: the one step of a render job's build ({@link RenderFlowDefinition#TEMPLATE}). Takes no
 * arguments: it renders what the job's form says, or, for a build started by another controller through the site
 * protocol, the delegated job recorded on the build. Either way the render goes the same path as
 * {@code renderFrames}.
 */
public final class RenderJobStep extends Step {
    @DataBoundConstructor
    public RenderJobStep() {
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        Run<?, ?> run = context.get(Run.class);
        if (run == null || !(run.getParent() instanceof WorkflowJob job)) {
            throw new AbortException("renderJob runs only in a Pipeline build");
        }
        FlowDefinition definition = job.getDefinition();
        if (!(definition instanceof RenderFlowDefinition form)) {
            throw new AbortException("renderJob runs only in a job whose Definition is \"Render job\"");
        }
        return io.jenkins.plugins.renderfarm.RenderJobs.start(context, run, form);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "renderJob";
        }

        @Override
        public String getDisplayName() {
            return "Render what this render job's form (or a delegated job) says";
        }

        @Override
        public Set<Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}

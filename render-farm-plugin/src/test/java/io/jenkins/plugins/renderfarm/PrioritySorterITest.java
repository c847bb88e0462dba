package io.jenkins.plugins.renderfarm;

import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.agent;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.await;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.configure;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.pipeline;
import static io.jenkins.plugins.renderfarm.RenderFarmFixtures.profile;
import static io.jenkins.plugins.renderfarm.StandInRenderer.standIn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import hudson.ExtensionList;
import hudson.model.Computer;
import hudson.model.Queue;
import hudson.model.queue.QueueListener;
import hudson.slaves.DumbSlave;
import hudson.slaves.OfflineCause;
import io.jenkins.plugins.renderfarm.farm.ChunkTask;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jenkins.advancedqueue.JobGroup;
import jenkins.advancedqueue.PriorityConfiguration;
import jenkins.advancedqueue.jobinclusion.strategy.AllJobsJobInclusionStrategy;
import jenkins.advancedqueue.priority.strategy.JobPropertyStrategy;
import jenkins.advancedqueue.priority.strategy.PriorityJobProperty;
import jenkins.advancedqueue.sorter.QueueItemCache;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * With the Priority Sorter plugin, a render's chunks take their build's priority in the Jenkins queue: of two
 * renders whose chunks wait for the same agent, the one whose job has the higher priority gets the agent first,
 * although it was queued last.
 */
@WithJenkins
class PrioritySorterITest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @TempDir
    Path tmp;

    @Test
    void shouldGiveTheAgentToTheChunksOfTheHigherPriorityBuildFirst(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(2);
        DumbSlave a = agent(r, "render-a", standIn(tmp, "povray", 0, 0).program());
        configure(profile("pov", false));
        // Priority Sorter's default strategy: priorities 1 (first) to 5, default 3; each job's own property decides.
        JobGroup byJob = new JobGroup();
        byJob.setDescription("by job");
        byJob.setPriority(3);
        byJob.setJobGroupStrategy(new AllJobsJobInclusionStrategy());
        byJob.setUsePriorityStrategies(true);
        byJob.setPriorityStrategies(List.of(new JobPropertyStrategy()));
        PriorityConfiguration.get().setJobGroups(List.of(byJob));
        WorkflowJob routine = job(r, "routine", 5);
        WorkflowJob urgent = job(r, "urgent", 1);
        // The one agent is away, so each render's chunk waits in the queue for the label until it is back.
        Computer computer = a.toComputer();
        computer.setTemporaryOfflineCause(new OfflineCause.ByCLI("maintenance"));

        WorkflowRun routineBuild = routine.scheduleBuild2(0).waitForStart();
        await("the routine render's chunk in the queue", 120, () -> chunksOf(routine).size() == 1);
        WorkflowRun urgentBuild = urgent.scheduleBuild2(0).waitForStart();
        await("the urgent render's chunk in the queue", 120, () -> chunksOf(urgent).size() == 1);
        assertThat(priority(chunksOf(routine).get(0)), is(5));
        assertThat(priority(chunksOf(urgent).get(0)), is(1));

        computer.setTemporaryOfflineCause(null);

        r.assertBuildStatusSuccess(r.waitForCompletion(urgentBuild));
        r.assertBuildStatusSuccess(r.waitForCompletion(routineBuild));
        assertThat(ExtensionList.lookupSingleton(ChunkStarts.class).jobs, contains("urgent", "routine"));
    }

    private static WorkflowJob job(JenkinsRule r, String name, int priority) throws Exception {
        WorkflowJob job = r.jenkins.createProject(WorkflowJob.class, name);
        job.addProperty(new PriorityJobProperty(true, priority));
        job.setDefinition(new CpsFlowDefinition(pipeline("1"), true));
        return job;
    }

    private static List<Queue.Item> chunksOf(WorkflowJob job) {
        return Arrays.stream(Queue.getInstance().getItems())
                .filter(i -> i.task instanceof ChunkTask && i.task.getOwnerTask() == job).toList();
    }

    private static int priority(Queue.Item item) {
        return QueueItemCache.get().getItem(item.getId()).getPriority();
    }

    /** The jobs whose chunks left the queue for an executor, in that order. */
    @TestExtension
    public static final class ChunkStarts extends QueueListener {
        final List<String> jobs = new CopyOnWriteArrayList<>();

        @Override
        public void onLeft(Queue.LeftItem li) {
            if (li.task instanceof ChunkTask && !li.isCancelled()) {
                jobs.add(li.task.getOwnerTask().getName());
            }
        }
    }
}

package io.jenkins.plugins.renderfarm.config;

import hudson.model.Describable;
import hudson.Util;
import io.renderfarm.engine.capability.CapabilityLabels;
import io.renderfarm.engine.capability.LabelExpressions;
import io.renderfarm.engine.job.FrameFormat;
import io.renderfarm.engine.job.JobProfile;
import io.renderfarm.engine.job.OutputFormat;
import io.renderfarm.engine.job.PreviewSettings;
import io.renderfarm.engine.job.Requirements;
import java.io.Serializable;
import java.time.Duration;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A named job profile from the global configuration: the render package and the versions allowed, the hardware
 * needed, chunking, retries, timeouts, the preview pass, the frames' format and whether scenes live on shared
 * storage. A plain data
 * holder for the form, JCasC and Pipeline; {@link #toJobProfile()} hands the values to the engine, which
 * validates them, and {@link #labelExpression()} gives the agents that may render it.
 */
public final class RenderProfile implements Describable<RenderProfile>, Serializable {
    private static final long serialVersionUID = 1L;
    /** Chunks that may wait for cloud agents at a time unless the profile says otherwise. */
    public static final int DEFAULT_CLOUD_REQUESTS = 4;

    private final String name;
    private final String renderer;
    private String versionConstraint = "";
    private int minCores;
    private long minRamMb;
    private boolean gpu;
    private String label = "";
    private int chunkSize;
    private int retries = 3;
    private int blocklistThreshold = 3;
    private long maxChunkSeconds;
    private long stallSeconds = 300;
    private int threadsPerSlot;
    private boolean sharedStorage;
    private long remoteWaitSeconds = 300;
    /** Null (a configuration saved before the field existed, or never set) means {@link #DEFAULT_CLOUD_REQUESTS}. */
    private Integer cloudRequests;
    /** Null means no preview pass: Stapler and JCasC leave an absent optional block unset, so null must be the default. */
    private PreviewOptions preview;
    /** A {@link FrameFormat} name; null (a configuration saved before the field existed) means the scene's. */
    private String format;
    private String exrCodec;

    @DataBoundConstructor
    public RenderProfile(String name, String renderer) {
        this.name = Util.fixNull(name).trim();
        this.renderer = Util.fixNull(renderer).trim();
    }

    /** The engine's view of this profile; throws {@link IllegalArgumentException} for values it refuses. */
    public JobProfile toJobProfile() {
        PreviewSettings previewSettings = preview == null ? PreviewSettings.OFF : preview.toSettings();
        return new JobProfile(name, renderer, versionConstraint, new Requirements(minCores, minRamMb, gpu), chunkSize,
                retries, blocklistThreshold, Duration.ofSeconds(maxChunkSeconds), Duration.ofSeconds(stallSeconds),
                threadsPerSlot, previewSettings, Duration.ofSeconds(remoteWaitSeconds),
                new OutputFormat(FrameFormat.fromWireName(getFormat()), Util.fixNull(exrCodec)), false);
    }

    /**
     * The agents that may render this profile: the engine's expression from renderer, version and GPU, narrowed
     * by the administrator's extra label expression (a pool such as {@code render-farm}) when one is set.
     */
    public String labelExpression() {
        return labelExpressionFor(toJobProfile());
    }

    /**
     * The agents of this profile's pool that may render a job of {@code job}'s profile (one submitted by another
     * controller, or with the step's preview choice): the engine's expression for it, narrowed by the pool.
     */
    public String labelExpressionFor(JobProfile job) {
        return LabelExpressions.withPool(CapabilityLabels.labelExpression(job), label);
    }

    public String getName() {
        return name;
    }

    public String getFormat() {
        return format == null || format.isBlank() ? FrameFormat.SCENE.wireName() : format;
    }

    @DataBoundSetter
    public void setFormat(String format) {
        this.format = Util.fixNull(format).trim();
    }

    public String getExrCodec() {
        return Util.fixNull(exrCodec);
    }

    @DataBoundSetter
    public void setExrCodec(String exrCodec) {
        this.exrCodec = Util.fixNull(exrCodec).trim();
    }

    public String getRenderer() {
        return renderer;
    }

    public String getVersionConstraint() {
        return versionConstraint;
    }

    @DataBoundSetter
    public void setVersionConstraint(String versionConstraint) {
        this.versionConstraint = Util.fixNull(versionConstraint).trim();
    }

    public int getMinCores() {
        return minCores;
    }

    @DataBoundSetter
    public void setMinCores(int minCores) {
        this.minCores = minCores;
    }

    public long getMinRamMb() {
        return minRamMb;
    }

    @DataBoundSetter
    public void setMinRamMb(long minRamMb) {
        this.minRamMb = minRamMb;
    }

    public boolean isGpu() {
        return gpu;
    }

    @DataBoundSetter
    public void setGpu(boolean gpu) {
        this.gpu = gpu;
    }

    public String getLabel() {
        return label;
    }

    @DataBoundSetter
    public void setLabel(String label) {
        this.label = Util.fixNull(label).trim();
    }

    public int getChunkSize() {
        return chunkSize;
    }

    @DataBoundSetter
    public void setChunkSize(int chunkSize) {
        this.chunkSize = chunkSize;
    }

    public int getRetries() {
        return retries;
    }

    @DataBoundSetter
    public void setRetries(int retries) {
        this.retries = retries;
    }

    public int getBlocklistThreshold() {
        return blocklistThreshold;
    }

    @DataBoundSetter
    public void setBlocklistThreshold(int blocklistThreshold) {
        this.blocklistThreshold = blocklistThreshold;
    }

    public long getMaxChunkSeconds() {
        return maxChunkSeconds;
    }

    @DataBoundSetter
    public void setMaxChunkSeconds(long maxChunkSeconds) {
        this.maxChunkSeconds = maxChunkSeconds;
    }

    public long getStallSeconds() {
        return stallSeconds;
    }

    @DataBoundSetter
    public void setStallSeconds(long stallSeconds) {
        this.stallSeconds = stallSeconds;
    }

    public int getThreadsPerSlot() {
        return threadsPerSlot;
    }

    @DataBoundSetter
    public void setThreadsPerSlot(int threadsPerSlot) {
        this.threadsPerSlot = threadsPerSlot;
    }

    public boolean isSharedStorage() {
        return sharedStorage;
    }

    @DataBoundSetter
    public void setSharedStorage(boolean sharedStorage) {
        this.sharedStorage = sharedStorage;
    }

    public long getRemoteWaitSeconds() {
        return remoteWaitSeconds;
    }

    /**
     * With {@code where: 'auto'}: a render goes to a remote controller when the estimated wait for this profile's
     * agents is longer than this.
     */
    @DataBoundSetter
    public void setRemoteWaitSeconds(long remoteWaitSeconds) {
        this.remoteWaitSeconds = remoteWaitSeconds;
    }

    public int getCloudRequests() {
        return cloudRequests == null ? DEFAULT_CLOUD_REQUESTS : cloudRequests;
    }

    /**
     * When a cloud can provision agents for the profile's label: how many chunks may wait for one at a time (each
     * such chunk is a queue item for the label, so the cloud starts up to this many agents at once; its own limit
     * caps the total). 0 never asks a cloud; negative values count as 0.
     */
    @DataBoundSetter
    public void setCloudRequests(int cloudRequests) {
        this.cloudRequests = Math.max(0, cloudRequests);
    }

    public PreviewOptions getPreview() {
        return preview;
    }

    /** Null turns the preview pass off. */
    @DataBoundSetter
    public void setPreview(PreviewOptions preview) {
        this.preview = preview;
    }
}

package io.jenkins.plugins.renderfarm;

/**
 * A render under way in this controller session, on this controller's agents ({@link RenderSession}) or on a
 * remote controller ({@link io.jenkins.plugins.renderfarm.remote.RemoteRender}): what the step execution needs
 * to stop it, detach it for a restart and describe it.
 */
public interface RenderHandle {
    /** Stops the render; returns at once. */
    void cancel(String reason);

    /** Stops this session for a controller shutdown without recording anything more in the build. */
    void detach();

    /** One line for the Pipeline step's status. */
    String status();
}

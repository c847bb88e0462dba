package io.jenkins.plugins.renderfarm.farm.agent;

import io.renderfarm.engine.farm.CheckedFrame;
import io.renderfarm.engine.verify.FrameFileType;
import io.renderfarm.engine.verify.VerifiedFrame;
import java.io.Serializable;

/**
 * The engine's {@link CheckedFrame} on its way from an agent to the controller, as plain numbers, strings and
 * values of this plugin's own classes, so Remoting's class filter has nothing of a bundled library to admit. The
 * controller rebuilds the engine's value with {@link #toChecked()}, which refuses what an agent could not have
 * made honestly (a checksum that is not one, a file type the check does not know, a file name with a folder in
 * it, samples that are not small).
 */
public final class AgentCheckedFrame implements Serializable {
    private static final long serialVersionUID = 2L;

    private final int width;
    private final int height;
    private final long bytes;
    private final String sha256;
    private final String type;
    private final String renderedName;
    private final AgentFrameSamples samples;

    private AgentCheckedFrame(CheckedFrame checked) {
        VerifiedFrame v = checked.verified();
        this.width = v.width();
        this.height = v.height();
        this.bytes = v.bytes();
        this.sha256 = v.sha256();
        this.type = checked.type().name();
        this.renderedName = checked.renderedName();
        this.samples = AgentFrameSamples.of(checked.samples());
    }

    static AgentCheckedFrame of(CheckedFrame checked) {
        return new AgentCheckedFrame(checked);
    }

    /** The engine's value; {@link IllegalArgumentException} for values no honest agent sends. */
    public CheckedFrame toChecked() {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("the agent's checksum is not a SHA-256");
        }
        FrameFileType fileType;
        try {
            fileType = FrameFileType.valueOf(String.valueOf(type));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the agent's file type '" + type + "' is none the check knows", e);
        }
        return new CheckedFrame(new VerifiedFrame(width, height, bytes, sha256), fileType, renderedName,
                samples == null ? null : samples.toSamples());
    }
}

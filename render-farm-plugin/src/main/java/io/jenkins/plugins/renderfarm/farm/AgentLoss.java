package io.jenkins.plugins.renderfarm.farm;

import hudson.model.Computer;
import hudson.remoting.Channel;
import hudson.remoting.ChannelClosedException;
import hudson.remoting.RequestAbortedException;
import hudson.remoting.VirtualChannel;
import java.io.EOFException;
import jenkins.model.Jenkins;

/**
 * Tells a chunk that failed because its agent (or this controller) went away from one that failed on the agent,
 * and says so in one line ({@code agent render-01 disconnected: Connection reset}) rather than with Remoting's
 * exception text, whose innermost cause only records where a close command was created.
 */
final class AgentLoss {
    /** Remoting's marker exceptions say "Command Close created at": where, not why. */
    private static final String CREATED_AT = " created at";
    private static final int MAX_CAUSES = 12;

    private AgentLoss() {
    }

    /** Whether {@code failure} of a call over {@code channel} means the agent or the controller went away. */
    static boolean isLoss(Throwable failure, VirtualChannel channel, Computer computer) {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        if (jenkins == null || jenkins.isTerminating()) {
            return true;
        }
        if (channel instanceof Channel c && c.isClosingOrClosed() || computer != null && computer.isOffline()) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ChannelClosedException || t instanceof RequestAbortedException || t instanceof EOFException) {
                return true;
            }
        }
        return false;
    }

    /** One line: the controller stopping, or the agent disconnected and the deepest cause that says why. */
    static String describe(String nodeName, Throwable failure) {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        if (jenkins == null || jenkins.isTerminating()) {
            return "the controller is shutting down";
        }
        return "agent " + nodeName + " disconnected: " + cause(failure);
    }

    static String cause(Throwable failure) {
        String why = null;
        Throwable last = failure;
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < MAX_CAUSES; t = t.getCause()) {
            last = t;
            if (t.getClass().getName().endsWith("$OrderlyShutdown")) {
                return "the connection was closed";
            }
            String message = t.getMessage();
            if (message != null && !message.isBlank() && !message.endsWith(CREATED_AT)) {
                why = withoutClassName(message.strip().lines().findFirst().orElse(message));
            }
        }
        return why != null ? why : last.getClass().getSimpleName();
    }

    /** A message that is a wrapped exception's text ({@code java.io.IOException: Connection reset}) loses the class. */
    private static String withoutClassName(String message) {
        String m = message;
        while (m.matches("^[a-z][\\w.]*\\.[A-Z][\\w$]*(: .*)?$")) {
            int colon = m.indexOf(": ");
            if (colon < 0) {
                return m.substring(m.lastIndexOf('.') + 1);
            }
            m = m.substring(colon + 2);
        }
        return m;
    }
}

package io.renderfarm.server.cli;

/**
 * Turns Ctrl-C (SIGINT) into a cancel, so the command can kill its renderers, keep finished frames and exit 130
 * itself instead of the JVM dying mid-write.
 */
final class Interrupts {
    private Interrupts() {}

    @SuppressWarnings("removal")
    static void onCtrlC(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> action.run());
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> action.run());
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError noSignals) {
            Runtime.getRuntime().addShutdownHook(new Thread(action));
        }
    }
}

package io.renderfarm.engine.render;

import java.util.Map;

/**
 * What a renderer's exit code says about how it ended. A process killed by a signal exits, as Java reports it on
 * Linux and macOS, with 128 + the signal's number: that is the machine's doing (a kill, the kernel's
 * out-of-memory killer, a crash), never a verdict on the scene.
 */
public final class ExitCodes {
    private static final int SIGNAL_BASE = 128;
    private static final int MAX_SIGNAL = 64;
    private static final Map<Integer, String> NAMES = Map.of(
            4, "SIGILL: crashed",
            6, "SIGABRT: aborted",
            7, "SIGBUS: crashed",
            8, "SIGFPE: crashed",
            9, "SIGKILL: killed, often by the kernel when memory ran out",
            11, "SIGSEGV: crashed",
            15, "SIGTERM: terminated");

    private ExitCodes() {}

    /** How the process died when {@code exitCode} is a death by signal, such as {@code killed by signal 9 (…)}; else null. */
    public static String signal(int exitCode) {
        int signal = exitCode - SIGNAL_BASE;
        if (signal < 1 || signal > MAX_SIGNAL) {
            return null;
        }
        String name = NAMES.get(signal);
        return "killed by signal " + signal + (name == null ? "" : " (" + name + ")");
    }
}

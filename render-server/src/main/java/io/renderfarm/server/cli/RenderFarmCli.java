package io.renderfarm.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./renderfarm}: renders on this machine, probes it, and (later) serves and submits to sites. */
@Command(name = "renderfarm", mixinStandardHelpOptions = true, version = "renderfarm 0.1.0",
        description = "Render animations with Blender or POV-Ray on this machine's render slots.",
        subcommands = {RenderCommand.class, DemoCommand.class, ProbeCommand.class, ServeCommand.class,
                SubmitCommand.class, StatusCommand.class, CancelCommand.class})
public final class RenderFarmCli {
    /** Exit code of a command whose input was refused (bad frames, missing scene). */
    public static final int EXIT_USAGE = 2;
    /** Exit code after Ctrl-C or a cancel, as shells report a SIGINT death. */
    public static final int EXIT_CANCELED = 130;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new RenderFarmCli());
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("renderfarm: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try 'renderfarm " + ex.getCommandLine().getCommandName() + " --help'.");
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((ex, c, p) -> {
            c.getErr().println("renderfarm: " + (ex instanceof IllegalArgumentException ? "" : "error: ") + ex.getMessage());
            return ex instanceof IllegalArgumentException ? EXIT_USAGE : 1;
        });
        return cli;
    }
}

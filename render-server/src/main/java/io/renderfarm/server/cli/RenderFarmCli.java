package io.renderfarm.server.cli;

import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.server.client.SiteErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/**
 * Entry point of {@code ./renderfarm}: renders on this machine, probes it, serves a render site, and submits to,
 * follows and cancels jobs on a site. Every refusal is one line on standard error starting {@code renderfarm:}.
 */
@Command(
        name = "renderfarm",
        mixinStandardHelpOptions = true,
        version = "renderfarm 0.1.0",
        description = "Render animations with Blender or POV-Ray on this machine's render slots or a render site.",
        subcommands = {
            RenderCommand.class,
            DemoCommand.class,
            ProbeCommand.class,
            ServeCommand.class,
            SubmitCommand.class,
            StatusCommand.class,
            CancelCommand.class
        })
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
            ex.getCommandLine().getErr().println("renderfarm: " + refusal(ex));
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((ex, c, p) -> {
            c.getErr()
                    .println("renderfarm: "
                            + (ex instanceof IllegalArgumentException
                                            || ex instanceof RendererInstall.RendererMissingException
                                    ? ex.getMessage()
                                    : ex instanceof SiteException s
                                            ? SiteErrors.sentence(s)
                                            : "error: " + ex.getMessage()));
            return ex instanceof IllegalArgumentException ? EXIT_USAGE : 1;
        });
        return cli;
    }

    /** One line: what was wrong and where to read more; at the top level, the commands there are. */
    private static String refusal(ParameterException ex) {
        CommandLine where = ex.getCommandLine();
        if (where.getParent() == null) {
            String commands = String.join(", ", where.getSubcommands().keySet());
            if (ex instanceof CommandLine.UnmatchedArgumentException u
                    && !u.getUnmatched().isEmpty()) {
                String word = u.getUnmatched().get(0);
                return (word.startsWith("-") ? "unknown option '" : "unknown command '") + word + "'; the commands are "
                        + commands + " (renderfarm COMMAND --help describes one)";
            }
            return "no command given; the commands are " + commands + " (renderfarm COMMAND --help describes one)";
        }
        String message = ex.getMessage().strip().replaceAll("\\s*\\R\\s*", "; ");
        String first = message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
        return first + " (see renderfarm " + where.getCommandName() + " --help)";
    }
}

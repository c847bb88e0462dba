package io.renderfarm.server.cli;

import io.renderfarm.engine.render.RendererProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code renderfarm demo}: generates a small Blender animation with Blender itself and renders it on this machine's
 * slots, preview samples first — the Quick start's first command.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a small Blender animation and render it here, samples first.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "renders/demo", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "24", description = "Frames in the animation (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--slots", paramLabel = "N", defaultValue = "2", description = "Render slots (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--json", description = "Print one JSON event per line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (frames < 1 || frames > 10_000) {
            throw new IllegalArgumentException("--frames must be 1..10000, got " + frames);
        }
        Path scene = out.resolve("scene").resolve("demo.blend").toAbsolutePath();
        if (!Files.exists(scene)) {
            generate(scene);
        }
        RenderCommand render = new RenderCommand();
        render.scene = scene;
        render.frames = "1-" + frames;
        render.out = out;
        render.slots = slots;
        render.prefix = "demo_";
        render.json = json;
        return render.call();
    }

    private void generate(Path scene) throws IOException, InterruptedException {
        Files.createDirectories(scene.getParent());
        String script;
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo_scene.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        System.err.println("renderfarm: generating the demo scene " + scene);
        StringBuilder log = new StringBuilder();
        RendererProcess p = RendererProcess.start(List.of("blender", "-b", "--factory-startup", "--python-exit-code", "1",
                "--python-expr", script, "--", scene.toString(), Integer.toString(frames), "320", "180", "16"),
                scene.getParent(), Map.of(), line -> log.append(line).append('\n'));
        int exit = p.waitFor();
        if (exit != 0 || !Files.exists(scene)) {
            throw new IOException("Blender could not generate the demo scene (exit " + exit + "):\n" + log);
        }
    }
}

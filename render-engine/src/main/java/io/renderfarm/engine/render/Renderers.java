package io.renderfarm.engine.render;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The render packages the farm knows, by name and by scene file extension. */
public final class Renderers {
    private static final List<Renderer> ALL = List.of(new BlenderRenderer(), new PovRayRenderer());

    private Renderers() {}

    /** Every known renderer, in a fixed order. */
    public static List<Renderer> all() {
        return ALL;
    }

    /**
     * The renderer with this {@link Renderer#name()}, matched exactly.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Renderer forName(String name) {
        return find(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown renderer '" + name + "': known are "
                        + ALL.stream().map(Renderer::name).collect(Collectors.joining(", "))));
    }

    /** The renderer with this {@link Renderer#name()}, matched exactly; empty for an unknown name. */
    public static Optional<Renderer> find(String name) {
        return ALL.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The renderer for a scene file by its extension ({@code .blend}, {@code .pov}, any case); empty if none. */
    public static Optional<Renderer> forScene(Path scene) {
        Path fileName = scene.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".blend")) {
            return Optional.of(forName(BlenderRenderer.NAME));
        }
        if (name.endsWith(".pov")) {
            return Optional.of(forName(PovRayRenderer.NAME));
        }
        return Optional.empty();
    }
}

package io.jenkins.plugins.renderfarm.farm;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Label;
import hudson.model.Node;
import hudson.model.TaskListener;
import io.renderfarm.engine.site.bundle.Bundle;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import jenkins.model.Jenkins;

/**
 * Gets a job's scene and assets to the agents that render it. Either the scene is on shared storage and every
 * agent reads the same absolute path, or the scene's folder is copied once from the workspace into the build's
 * folder on the controller (so it survives a restart and the loss of the workspace's agent) and from there once
 * into a per-job cache folder on each agent that renders a chunk.
 *
 * <p>The controller never opens a path a pipeline names. The copy is chosen and read where the folder is
 * ({@link SceneScanner}, on the workspace's agent), takes plain files only, follows links only inside the folder
 * and refuses the others by name; what arrives is checked to hold no link before anything reads it. Only that copy
 * is what a remote controller is sent ({@link #bundle}).
 */
public final class JobFiles {
    private static final String COMPLETE = ".renderfarm-complete";

    private final String sharedScene;
    private final FilePath snapshot;
    private final String sceneName;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Set<String> usedOn = ConcurrentHashMap.newKeySet();

    private JobFiles(String sharedScene, FilePath snapshot, String sceneName) {
        this.sharedScene = sharedScene;
        this.snapshot = snapshot;
        this.sceneName = sceneName;
    }

    /** The scene is at this absolute path on every agent. */
    public static JobFiles shared(String scene) {
        return new JobFiles(scene, null, null);
    }

    /**
     * Copies the scene's folder from the workspace into {@code dir} on the controller.
     *
     * @param assets comma-separated Ant patterns relative to the scene's folder; blank copies the whole folder
     */
    public static JobFiles snapshot(FilePath workspace, String scene, String assets, File dir, TaskListener listener)
            throws IOException, InterruptedException {
        FilePath sceneFile = workspace.child(scene);
        if (!sceneFile.exists()) {
            throw new IOException("scene " + scene + " does not exist in the workspace " + workspace.getRemote());
        }
        return copy(sceneFile, assets, dir, listener);
    }

    /**
     * Copies a shared-storage scene's folder into {@code dir} on the controller, read on {@code node} (an agent that
     * sees the shared storage), for sending to a remote controller.
     */
    public static JobFiles sharedSnapshot(Node node, String scene, String assets, File dir, TaskListener listener)
            throws IOException, InterruptedException {
        FilePath sceneFile = node.createPath(scene);
        if (sceneFile == null || !sceneFile.exists()) {
            throw new AbortException("scene " + scene + " does not exist on " + node.getNodeName());
        }
        return copy(sceneFile, assets, dir, listener);
    }

    /**
     * An online agent of the profile's label to read a shared-storage scene on (the profile promises every one of
     * them sees the same path); never the built-in node, since that would be the controller reading the path.
     */
    public static Node sharedStorageReader(String labelExpression) throws AbortException {
        Label label = Jenkins.get().getLabel(labelExpression);
        for (Node node : label == null ? Set.<Node>of() : label.getNodes()) {
            Computer c = node.toComputer();
            if (!(node instanceof Jenkins) && c != null && c.isOnline()) {
                return node;
            }
        }
        throw new AbortException("no agent matching " + labelExpression + " is online to read the scene from shared"
                + " storage for the remote controller; the controller itself never reads scene paths");
    }

    private static JobFiles copy(FilePath sceneFile, String assets, File dir, TaskListener listener)
            throws IOException, InterruptedException {
        FilePath folder = sceneFile.getParent();
        if (folder == null) {
            throw new IOException("scene " + sceneFile.getRemote() + " has no folder");
        }
        String includes = assets == null || assets.isBlank() ? "**/*" : assets + "," + sceneFile.getName();
        SceneScanner scanner = new SceneScanner(includes);
        folder.act(new SceneScanner.Check(scanner));
        FilePath target = new FilePath(dir);
        target.deleteRecursive();
        target.mkdirs();
        int copied = folder.copyRecursiveTo(scanner, target, includes);
        refuseLinks(dir.toPath());
        listener.getLogger().println("[render] took " + copied + " job file(s) from " + folder.getRemote());
        return new JobFiles(null, target, sceneFile.getName());
    }

    /**
     * The copy holds plain files only; a link in it (sent by an agent that does not play by the rules, or left by
     * an older version of this plugin) would make the controller read whatever it points at, so the copy is removed.
     */
    private static void refuseLinks(Path copy) throws IOException {
        Path link;
        try (Stream<Path> walk = Files.walk(copy)) {
            link = walk.filter(Files::isSymbolicLink).findFirst().orElse(null);
        }
        if (link != null) {
            try (Stream<Path> walk = Files.walk(copy)) { // not following links: removes them, not what they lead to
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            throw new AbortException("refusing the job files: they hold a link, " + copy.relativize(link));
        }
    }

    /** The snapshot an earlier {@link #snapshot} left in {@code dir}, after a controller restart. */
    public static JobFiles existing(File dir, String scene) throws IOException {
        String name = scene.substring(scene.lastIndexOf('/') + 1);
        if (!new File(dir, name).isFile()) {
            throw new IOException("the job files kept for this render are gone from " + dir);
        }
        refuseLinks(dir.toPath());
        return new JobFiles(null, new FilePath(dir), name);
    }

    /**
     * The job's files as a bundle for a remote controller, made from the copy in the build's folder: a copy of a
     * shared-storage scene must have been taken ({@link #sharedSnapshot}), as the controller never reads the shared
     * path itself.
     */
    public Bundle bundle() throws IOException {
        if (snapshot == null) {
            throw new IOException("no copy of the job files was taken on an agent; a shared-storage scene is not read"
                    + " on the controller");
        }
        try {
            return Bundle.of(Path.of(snapshot.getRemote(), sceneName), List.of(), List.of());
        } catch (IllegalArgumentException e) {
            throw new AbortException("cannot send the job's files: " + e.getMessage());
        }
    }

    /** The scene's path on a node, copying the job files into {@code cache} on it first if needed. */
    String sceneOn(Node node, FilePath cache) throws IOException, InterruptedException {
        if (sharedScene != null) {
            return sharedScene;
        }
        usedOn.add(node.getNodeName());
        // Two chunks starting together on one agent must not copy into the same folder at once.
        synchronized (locks.computeIfAbsent(node.getNodeName(), k -> new Object())) {
            FilePath marker = cache.child(COMPLETE);
            if (!marker.exists()) {
                cache.deleteRecursive();
                cache.mkdirs();
                snapshot.copyRecursiveTo("**/*", cache);
                marker.write("complete", StandardCharsets.UTF_8.name());
            }
        }
        return cache.child(sceneName).getRemote();
    }

    /** Removes the controller snapshot; for the end of a job rendered elsewhere. */
    public void deleteSnapshot() {
        cleanUp("");
    }

    /** Removes the controller snapshot and, in the background, the agents' caches; for the end of a job. */
    void cleanUp(String cacheFolder) {
        for (String name : cacheFolder.isEmpty() ? Set.<String>of() : usedOn) {
            Node node = Jenkins.get().getNode(name);
            FilePath root = node == null ? null : node.getRootPath();
            if (root != null) {
                Computer.threadPoolForRemoting.submit(() -> {
                    root.child(cacheFolder).deleteRecursive();
                    return null;
                });
            }
        }
        if (snapshot != null) {
            Computer.threadPoolForRemoting.submit(() -> {
                snapshot.deleteRecursive();
                return null;
            });
        }
    }
}

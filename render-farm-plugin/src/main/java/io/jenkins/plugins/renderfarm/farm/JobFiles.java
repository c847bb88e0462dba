package io.jenkins.plugins.renderfarm.farm;

import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.TaskListener;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jenkins.model.Jenkins;

/**
 * Gets a job's scene and assets to the agents that render it. Either the scene is on shared storage and every
 * agent reads the same absolute path, or the scene's folder is copied once from the workspace into the build's
 * folder on the controller (so it survives a restart and the loss of the workspace's agent) and from there once
 * into a per-job cache folder on each agent that renders a chunk.
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
        FilePath folder = sceneFile.getParent();
        if (folder == null) {
            throw new IOException("scene " + scene + " has no folder");
        }
        FilePath target = new FilePath(dir);
        target.deleteRecursive();
        target.mkdirs();
        String includes = assets == null || assets.isBlank() ? "**/*" : assets + "," + sceneFile.getName();
        int copied = folder.copyRecursiveTo(includes, null, target);
        listener.getLogger().println("[render] took " + copied + " job file(s) from " + folder.getRemote());
        return new JobFiles(null, target, sceneFile.getName());
    }

    /** The snapshot an earlier {@link #snapshot} left in {@code dir}, after a controller restart. */
    public static JobFiles existing(File dir, String scene) throws IOException {
        String name = scene.substring(scene.lastIndexOf('/') + 1);
        if (!new File(dir, name).isFile()) {
            throw new IOException("the job files kept for this render are gone from " + dir);
        }
        return new JobFiles(null, new FilePath(dir), name);
    }

    /**
     * The scene as the controller sees it: the snapshot's copy, or the shared path (which the controller may not
     * be able to read). For sending the job's files to a remote controller.
     */
    public File controllerScene() {
        return sharedScene != null ? new File(sharedScene) : new File(snapshot.getRemote(), sceneName);
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

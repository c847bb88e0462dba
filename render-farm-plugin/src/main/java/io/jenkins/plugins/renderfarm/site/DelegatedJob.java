package io.jenkins.plugins.renderfarm.site;

import io.renderfarm.engine.site.protocol.SiteJson;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.UnaryOperator;

/**
 * What this site holds of a job another controller delegated here, from the moment it accepted it: the job as
 * checked at submit, when it was accepted, the number of the site job's build that renders it once that build
 * started, and a cancel that came before it started. Written before the build is scheduled, so every answer about
 * the job (its view, the list, a cancel) comes from here, never from waiting for the build, and whatever moment a
 * request comes in. Kept as {@code job.json} in the job's folder ({@link DelegatedJobAction#jobDir}), replaced
 * atomically; updates go through {@link #update}, one at a time.
 *
 * @param build        the site job's build number; 0 until the build started
 * @param cancelReason why the job was canceled before its build started (by the delegating controller, or its
 *                     queue item removed by hand), or null
 */
record DelegatedJob(String id, String name, String scene, String frames, String profileJson, String outputPrefix,
                    long submittedMillis, int build, String cancelReason) {
    private static final String FILE = "job.json";
    private static final Object LOCK = new Object();

    /** The scene's file name; it lies at the top of the job's files. */
    String sceneName() {
        return scene.substring(scene.lastIndexOf('/') + 1);
    }

    DelegatedJob withBuild(int number) {
        return new DelegatedJob(id, name, scene, frames, profileJson, outputPrefix, submittedMillis, number, cancelReason);
    }

    DelegatedJob withCancel(String reason) {
        return cancelReason != null ? this
                : new DelegatedJob(id, name, scene, frames, profileJson, outputPrefix, submittedMillis, build, reason);
    }

    /** The record of job {@code id}, or null when this site keeps none (an unknown id, or a job from before records). */
    static DelegatedJob load(String id) throws IOException {
        try {
            return SiteJson.lenient().readValue(Files.readAllBytes(file(id)), DelegatedJob.class);
        } catch (NoSuchFileException none) {
            return null;
        }
    }

    /** Writes the record of a newly accepted job. */
    void create() throws IOException {
        synchronized (LOCK) {
            write();
        }
    }

    /** Changes the record of job {@code id}; returns the new record, or null when there is none. */
    static DelegatedJob update(String id, UnaryOperator<DelegatedJob> change) throws IOException {
        synchronized (LOCK) {
            DelegatedJob job = load(id);
            if (job == null) {
                return null;
            }
            DelegatedJob changed = change.apply(job);
            if (!changed.equals(job)) {
                changed.write();
            }
            return changed;
        }
    }

    private void write() throws IOException {
        Path target = file(id);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(FILE + ".tmp");
        Files.write(tmp, SiteJson.lenient().writeValueAsBytes(this));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path file(String id) {
        return new File(DelegatedJobAction.jobDir(id), FILE).toPath();
    }
}

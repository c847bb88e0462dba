package io.renderfarm.engine.store;

import io.renderfarm.engine.verify.VerifiedFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where verified frames, samples and chunk logs of one job end up (a folder on local disk or a NAS mount, a Jenkins
 * build's artifacts). Writes are atomic: a frame is either wholly present with its checksum recorded, or absent.
 * Implementations are thread-safe.
 */
public interface FrameStore {
    /**
     * Frames already stored whose bytes still match their recorded checksum; a job re-run into the same store
     * skips them. Frames whose file is missing or altered are not listed.
     */
    Map<Integer, StoredFrame> verifiedFrames() throws IOException;

    /**
     * Stores a verified frame under {@code fileName}, atomically, recording its checksum. The rendered file may
     * be moved or copied; the caller does not use it afterwards.
     *
     * @return where the frame now is, in the store's terms (a file path, an artifact path)
     */
    StoredFrame putFrame(int frame, String fileName, Path rendered, VerifiedFrame verified) throws IOException;

    /**
     * Stores a sample image (preview, thumbnail, contact sheet) under {@code name}, replacing an older one of the
     * same name atomically.
     *
     * @return where the host serves it from, as put into {@code sample} events
     */
    String putSample(String name, Path image) throws IOException;

    /**
     * Stores a sample image given as encoded bytes (a thumbnail made in memory), like
     * {@link #putSample(String, Path)}. The default goes through a temporary file; stores that can write bytes
     * directly override it.
     */
    default String putSample(String name, byte[] image) throws IOException {
        Path tmp = Files.createTempFile("renderfarm-sample-", ".tmp");
        try {
            Files.write(tmp, image);
            return putSample(name, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Keeps the log of a chunk attempt under {@code name} (a plain file name such as
     * {@code chunk-0007-attempt-2.log}), replacing one of the same name. The default keeps nothing.
     *
     * @return where the store keeps it (a file path, an artifact path), or null when it keeps no logs
     */
    default String putLog(String name, byte[] text) throws IOException {
        return null;
    }

    /**
     * Opens a frame whose bytes arrive as a stream (from the host that rendered and checked it) for
     * {@code fileName}: the bytes are written once, and the frame is stored, atomically and with its checksum
     * recorded as {@link #putFrame} does, only when {@link IncomingFile#commit} is called. The default stages the
     * bytes in a temporary file and commits through {@link #putFrame}; stores that can write beside the frame's
     * final place override it, so the bytes are not copied again.
     */
    default IncomingFile<StoredFrame> receiveFrame(int frame, String fileName) throws IOException {
        Path staged = Files.createTempFile("renderfarm-frame-", ".part");
        Files.delete(staged);
        return StagedFile.create(staged, (file, verified) -> {
            try {
                return putFrame(frame, fileName, file, verified);
            } finally {
                Files.deleteIfExists(file); // a store that copies leaves the staged bytes behind
            }
        });
    }

    /**
     * Opens a sample whose bytes arrive as a stream (a preview render checked where it was rendered), stored
     * under {@code name} like {@link #putSample(String, Path)} when committed; the commit answers where the host
     * serves it from.
     */
    default IncomingFile<String> receiveSample(String name) throws IOException {
        Path staged = Files.createTempFile("renderfarm-sample-", ".part");
        Files.delete(staged);
        return StagedFile.create(staged, (file, verified) -> {
            try {
                return putSample(name, file);
            } finally {
                Files.deleteIfExists(file);
            }
        });
    }

    /** Removes partial or scratch files the store holds for frames that did not finish (after a cancel). */
    default void discardPartial() throws IOException {}
}

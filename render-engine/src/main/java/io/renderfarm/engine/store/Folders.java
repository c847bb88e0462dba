package io.renderfarm.engine.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing disposable folders (scratch space, caches, refused uploads): best effort, never throws. */
public final class Folders {
    private Folders() {}

    /** Deletes {@code folder} and everything in it; true when it is gone (or was never there). */
    public static boolean delete(Path folder) {
        if (Files.exists(folder)) {
            try (Stream<Path> walk = Files.walk(folder)) {
                walk.sorted(Comparator.reverseOrder()).forEach(Folders::deleteOne);
            } catch (IOException | UncheckedIOException e) {
                // what could not be listed stays; the answer below says so
            }
        }
        return !Files.exists(folder);
    }

    private static void deleteOne(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // it stays, and so does its folder: delete() answers false
        }
    }
}

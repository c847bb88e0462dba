package io.renderfarm.engine.job;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Symbolic links in a scene's folder, for everything that reads that folder to send it elsewhere (a bundle for a
 * site, the Jenkins plugin's copy of a workspace): a link may lead to a file or folder inside the scene's folder,
 * never out of it, and never back to a folder that holds it. Otherwise a scene committed with {@code k -> ~/.ssh/id_rsa}
 * would have whoever reads the folder send that file along with the scene. "Inside" is decided on real paths, so
 * links in the path of the folder itself (a home folder on another disk) do not matter.
 *
 * <p>Refusals are {@link IllegalArgumentException}s naming the link as the folder's user knows it (relative to the
 * folder), never where it leads.
 */
public final class SceneLinks {
    private SceneLinks() {}

    /**
     * Where a link inside the scene's folder leads.
     *
     * @param realFolder the scene folder's real path ({@link Path#toRealPath})
     * @param link       the link, inside the folder
     * @param shownAs    the link's path relative to the folder, for the message
     * @return the link's real target, or empty when it leads nowhere (a missing target: nothing to read)
     * @throws IllegalArgumentException when the target is outside the folder or cannot be resolved (a link loop)
     */
    public static Optional<Path> target(Path realFolder, Path link, String shownAs) {
        Path real;
        try {
            real = link.toRealPath();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (FileSystemException e) {
            throw new IllegalArgumentException("the link " + shownAs + " in the scene's folder cannot be resolved ("
                    + (e.getReason() == null ? "a loop of links" : e.getReason())
                    + "); remove it or make it a plain file");
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "the link " + shownAs + " in the scene's folder cannot be read: " + e.getMessage());
        }
        if (!real.startsWith(realFolder)) {
            throw new IllegalArgumentException("the link " + shownAs + " leads outside the scene's folder, so its"
                    + " target is not sent; copy the file into the folder instead of linking to it");
        }
        return Optional.of(real);
    }

    /**
     * The real file at {@code relative} below {@code folder}, every link on the way checked by {@link #target}; a
     * link to a folder already on the way there is a loop and refused.
     *
     * @param relative a path relative to the folder, {@code /}-separated
     * @return the real path, or empty when a link on the way leads nowhere
     * @throws IllegalArgumentException as {@link #target}, or for a loop
     * @throws IOException when the folder itself cannot be resolved
     */
    public static Optional<Path> resolve(Path folder, String relative) throws IOException {
        Path realFolder = folder.toRealPath();
        Set<Path> onTheWay = new HashSet<>();
        onTheWay.add(realFolder);
        Path current = folder;
        Path real = realFolder;
        StringBuilder shown = new StringBuilder();
        for (String part : relative.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new IllegalArgumentException("'" + relative + "' must not contain '..'");
            }
            shown.append(shown.length() == 0 ? "" : "/").append(part);
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                Optional<Path> target = target(realFolder, current, shown.toString());
                if (target.isEmpty()) {
                    return Optional.empty();
                }
                real = target.get();
                if (Files.isDirectory(real) && onTheWay.contains(real)) {
                    throw loop(shown.toString());
                }
            } else {
                real = real.resolve(part);
            }
            onTheWay.add(real);
        }
        return Optional.of(real);
    }

    /** The refusal of a link that leads back to a folder it is in. */
    public static IllegalArgumentException loop(String shownAs) {
        return new IllegalArgumentException(
                "the link " + shownAs + " leads back to a folder that holds it (a loop);" + " remove it");
    }
}

package io.renderfarm.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks {@code --out} before anything renders or is sent, so a folder that cannot be made is refused as input
 * (exit 2, one line naming {@code --out}) instead of failing later with the file system's words. Missing folders on
 * the way are made when the job starts, which is why the commands print the absolute folder then.
 */
final class OutputFolder {
    private OutputFolder() {}

    /**
     * The absolute folder {@code out} names.
     *
     * @throws IllegalArgumentException when it, or a folder on its way, is a file, or the first existing folder on
     *                                  its way cannot be written
     */
    static Path check(Path out) {
        Path absolute = out.toAbsolutePath().normalize();
        for (Path p = absolute; p != null; p = p.getParent()) {
            if (!Files.exists(p)) {
                continue;
            }
            if (!Files.isDirectory(p)) {
                throw new IllegalArgumentException(
                        p.equals(absolute)
                                ? "--out names a file, not a folder: " + out
                                : "--out " + out + " cannot be made: " + p + " is a file, not a folder");
            }
            if (!Files.isWritable(p)) {
                throw new IllegalArgumentException("--out " + out + " cannot be "
                        + (p.equals(absolute) ? "written" : "made") + ": no permission to write in " + p);
            }
            return absolute;
        }
        return absolute;
    }
}

package io.jenkins.plugins.renderfarm.farm;

import hudson.AbortException;
import hudson.remoting.VirtualChannel;
import hudson.util.DirScanner;
import hudson.util.FileVisitor;
import io.renderfarm.engine.job.SceneLinks;
import io.renderfarm.engine.site.Bundle;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import jenkins.MasterToSlaveFileCallable;

/**
 * The files of a scene's folder that are copied out of a workspace (or a shared-storage folder), chosen by Ant
 * patterns as {@code FilePath.copyRecursiveTo} chooses them, but handed on only as plain files: a link is followed
 * where it stays inside the folder (the file behind it is copied under the link's name) and refused, named, where
 * it leads out of it or loops ({@link SceneLinks}, the rule every bundle follows). So the copy never holds a link,
 * and nothing outside the folder is read. It runs where the folder is, on the agent: the controller never opens a
 * path a pipeline names.
 */
final class SceneScanner extends DirScanner {
    private static final long serialVersionUID = 1L;
    private final DirScanner.Glob selection;

    /** @param includes comma-separated Ant patterns relative to the scene's folder */
    SceneScanner(String includes) {
        this.selection = new DirScanner.Glob(includes, null);
    }

    @Override
    public void scan(File dir, FileVisitor visitor) throws IOException {
        Path folder = dir.toPath();
        selection.scan(dir, new FileVisitor() {
            @Override
            public void visit(File f, String relativePath) throws IOException {
                take(relativePath);
            }

            @Override
            public boolean understandsSymlink() {
                return true; // so links come here as links, never copied as such
            }

            @Override
            public void visitSymlink(File link, String target, String relativePath) throws IOException {
                take(relativePath);
            }

            private void take(String relativePath) throws IOException {
                Optional<Path> real;
                try {
                    real = SceneLinks.resolve(folder, relativePath.replace('\\', '/'));
                } catch (IllegalArgumentException e) {
                    throw new AbortException("refusing the job files: " + e.getMessage());
                }
                if (real.isPresent() && Files.isRegularFile(real.get())) {
                    visitor.visit(real.get().toFile(), relativePath);
                }
            }
        });
    }

    /**
     * Checks the folder before anything is copied, where it is: every link, and no more files than a bundle takes.
     * Returns how many files a copy would take; a refusal is an {@link AbortException} naming the link.
     */
    static final class Check extends MasterToSlaveFileCallable<Integer> {
        private static final long serialVersionUID = 1L;
        private final SceneScanner scanner;

        Check(SceneScanner scanner) {
            this.scanner = scanner;
        }

        @Override
        public Integer invoke(File dir, VirtualChannel channel) throws IOException {
            int[] count = {0};
            scanner.scan(dir, new FileVisitor() {
                @Override
                public void visit(File f, String relativePath) throws IOException {
                    if (++count[0] > Bundle.MAX_FILES) {
                        throw new AbortException("refusing the job files: the scene's folder holds more than "
                                + Bundle.MAX_FILES + " files; name the assets the scene needs");
                    }
                }
            });
            return count[0];
        }
    }
}

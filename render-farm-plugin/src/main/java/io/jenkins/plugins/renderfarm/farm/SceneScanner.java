package io.jenkins.plugins.renderfarm.farm;

import hudson.AbortException;
import hudson.remoting.VirtualChannel;
import hudson.util.DirScanner;
import hudson.util.FileVisitor;
import io.renderfarm.engine.job.SceneLinks;
import io.renderfarm.engine.site.bundle.Bundle;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import jenkins.MasterToSlaveFileCallable;
import org.apache.tools.ant.DirectoryScanner;
import org.apache.tools.ant.types.selectors.SelectorUtils;

/**
 * The files of a scene's folder that are copied out of a workspace (or a shared-storage folder): chosen by Ant
 * patterns and Ant's default excludes, as {@code FilePath.copyRecursiveTo} chooses them, but walked without ever
 * leaving the folder and handed on as plain files only. A link is followed where it stays inside the folder (the
 * file behind it is copied under the link's name); one that leads out of it, or back to a folder on the way, is
 * refused by name ({@link SceneLinks}, the rule every bundle follows). So the copy never holds a link, and nothing
 * outside the folder is read or even listed. It runs where the folder is, on the agent: the controller never opens
 * a path a pipeline names.
 */
final class SceneScanner extends DirScanner {
    private static final long serialVersionUID = 1L;
    private final List<String> includes;

    /** @param includes comma-separated Ant patterns relative to the scene's folder */
    SceneScanner(String includes) {
        List<String> patterns = new ArrayList<>();
        for (String token : includes.split(",")) {
            String p = token.trim().replace('\\', '/');
            if (!p.isEmpty()) {
                patterns.add(p.endsWith("/") ? p + "**" : p);
            }
        }
        this.includes = List.copyOf(patterns);
    }

    @Override
    public void scan(File dir, FileVisitor visitor) throws IOException {
        Path folder = dir.toPath();
        new Walk(folder.toRealPath(), visitor).folder(folder, "");
    }

    /** One walk: the folders on the way are tracked by real path, so a link back into one of them is a loop. */
    private final class Walk {
        private final Path realRoot;
        private final FileVisitor visitor;
        private final Set<Path> open = new HashSet<>();

        Walk(Path realRoot, FileVisitor visitor) {
            this.realRoot = realRoot;
            this.visitor = visitor;
        }

        void folder(Path dir, String rel) throws IOException {
            Path real = dir.toRealPath();
            if (!open.add(real)) {
                throw refusal(SceneLinks.loop(rel));
            }
            List<Path> children;
            try (Stream<Path> list = Files.list(dir)) {
                children = list.sorted().toList();
            }
            for (Path child : children) {
                String childRel = rel.isEmpty() ? child.getFileName().toString() : rel + "/" + child.getFileName();
                Path target = child;
                if (Files.isSymbolicLink(child)) {
                    if (!selected(childRel) && !mayHoldSelected(childRel)) {
                        continue; // never read, so it does not matter where it leads
                    }
                    try {
                        target = SceneLinks.target(realRoot, child, childRel).orElse(null);
                    } catch (IllegalArgumentException e) {
                        throw refusal(e);
                    }
                    if (target == null) {
                        continue;
                    }
                }
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    if (mayHoldSelected(childRel) && !contentsExcluded(childRel)) {
                        folder(child, childRel);
                    }
                } else if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && selected(childRel)) {
                    visitor.visit(target.toFile(), childRel);
                }
            }
            open.remove(real);
        }
    }

    private boolean selected(String rel) {
        String path = ant(rel);
        for (String exclude : DirectoryScanner.getDefaultExcludes()) {
            if (SelectorUtils.matchPath(ant(exclude), path)) {
                return false;
            }
        }
        return includes.stream().anyMatch(p -> SelectorUtils.matchPath(ant(p), path));
    }

    private boolean mayHoldSelected(String rel) {
        return includes.stream().anyMatch(p -> SelectorUtils.matchPatternStart(ant(p), ant(rel)));
    }

    /** A folder such as {@code .git} whose whole content the default excludes leave out. */
    private static boolean contentsExcluded(String rel) {
        for (String exclude : DirectoryScanner.getDefaultExcludes()) {
            if (exclude.endsWith("/**") && SelectorUtils.matchPath(ant(exclude.substring(0, exclude.length() - 3)), ant(rel))) {
                return true;
            }
        }
        return false;
    }

    /** Ant matches paths and patterns in the platform's separator, as its own scanner normalizes them. */
    private static String ant(String slashed) {
        return slashed.replace('/', File.separatorChar);
    }

    private static AbortException refusal(IllegalArgumentException e) {
        return new AbortException("refusing the job files: " + e.getMessage());
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

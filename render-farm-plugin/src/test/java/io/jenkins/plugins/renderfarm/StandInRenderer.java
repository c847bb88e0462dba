package io.jenkins.plugins.renderfarm;

import io.renderfarm.engine.testing.TestScenes;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A scripted stand-in for POV-Ray, for tests that must control how long a render takes (or run where POV-Ray is
 * missing). It takes POV-Ray's command line and prints the lines the engine's POV-Ray parser reads, writes a real
 * PNG per frame, logs each invocation and, when asked, sleeps in a child process (so killing the whole process
 * tree is observable) or waits for a gate file. Needs nothing from Jenkins.
 */
public final class StandInRenderer {
    private StandInRenderer() {
    }

    /** The script, its invocation log, the file with the ids of a sleeping render, and its gate file. */
    public record StandIn(Path program, Path logFile, Path pidFile, Path gate) {
        public List<String> invocations() throws IOException {
            return Files.exists(logFile) ? Files.readAllLines(logFile, StandardCharsets.UTF_8) : List.of();
        }

        /** Process ids of the script and its sleeping child, once a frame started sleeping. */
        public List<Long> pids() throws IOException {
            List<Long> ids = new ArrayList<>();
            if (Files.exists(pidFile)) {
                for (String id : Files.readString(pidFile, StandardCharsets.UTF_8).trim().split("\\s+")) {
                    if (!id.isEmpty()) {
                        ids.add(Long.parseLong(id));
                    }
                }
            }
            return ids;
        }
    }

    public static StandIn standIn(Path dir, String name, int sleepSeconds, int gateFrom) throws IOException {
        Files.createDirectories(dir);
        Path fixture = dir.resolve(name + "-frame.png");
        TestScenes.writePng(fixture, 32, 24, new Color(200, 80, 40));
        StandIn s = new StandIn(dir.resolve(name + ".sh"), dir.resolve(name + ".log"), dir.resolve(name + ".pids"),
                dir.resolve(name + ".gate"));
        String script = String.join("\n",
                "#!/bin/bash",
                "if [ \"$1\" = \"--version\" ]; then echo 'POV-Ray 3.7.0.10.unofficial'; exit 0; fi",
                "out=''; sf=1; ef=1; stp=1",
                "for a in \"$@\"; do case \"$a\" in",
                "  +O*) out=\"${a#+O}\"; out=\"${out//\\\"/}\";;",
                "  +SF*) sf=\"${a#+SF}\";; +EF*) ef=\"${a#+EF}\";; +STP*) stp=\"${a#+STP}\";;",
                "esac; done",
                "echo \"frames $sf-$ef\" >> '" + s.logFile() + "'",
                "f=$sf",
                "while [ \"$f\" -le \"$ef\" ]; do",
                "  if [ " + gateFrom + " -gt 0 ] && [ \"$f\" -ge " + gateFrom + " ]; then",
                "    echo \"$$\" > '" + s.pidFile() + "'",
                "    while [ ! -e '" + s.gate() + "' ]; do sleep 0.2; done",
                "  fi",
                "  if [ " + sleepSeconds + " -gt 0 ]; then sleep " + sleepSeconds + " & child=$!; echo \"$$ $child\" > '"
                        + s.pidFile() + "'; wait $child; fi",
                "  cp '" + fixture + "' \"${out}${f}.png\"",
                "  echo \"  Output file..........${out}${f}.png, 24 bpp PNG\"",
                "  f=$((f + stp))",
                "done",
                "");
        Files.writeString(s.program(), script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(s.program(), PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

}

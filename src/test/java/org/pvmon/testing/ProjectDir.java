package org.pvmon.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pvmon repository root: the directory holding {@code pom.xml} and {@code etc/mosquitto.conf}.
 * Found from the system property {@code pvmon.projectDir}, else by walking up from the working
 * directory (Surefire and Failsafe run tests in the module's base directory).
 */
public final class ProjectDir {

    private ProjectDir() {
    }

    public static Path root() {
        String configured = System.getProperty("pvmon.projectDir");
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath().normalize();
            if (!isRoot(dir)) {
                throw new IllegalStateException("-Dpvmon.projectDir=" + configured
                        + " has no pom.xml and etc/mosquitto.conf");
            }
            return dir;
        }
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the pvmon project root (pom.xml + etc/mosquitto.conf) "
                + "at or above " + start + "; run the tests from the repository or set -Dpvmon.projectDir");
    }

    /** A file or directory under the project root. */
    public static Path resolve(String relative) {
        return root().resolve(relative);
    }

    private static boolean isRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("etc/mosquitto.conf"));
    }
}

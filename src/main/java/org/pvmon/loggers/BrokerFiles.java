package org.pvmon.loggers;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.pvmon.config.Config;
import org.pvmon.station.StationDirectory;

/**
 * mosquitto's password file and ACL file for the loggers' listeners, rendered from the registry's active credentials
 * and written whole (a temp file in the same directory, fsynced, renamed over the old one: the broker never reads half
 * a file), then the broker told to read them again (SIGHUP, which mosquitto 2.0 handles as "reload": it reads both
 * files again and disconnects clients whose login is no longer in the password file).
 */
final class BrokerFiles {
    /** One logger allowed on the broker. */
    record Login(String stationId, String username, String passwordHash) {
    }

    private final Config.Loggers cfg;

    BrokerFiles(Config.Loggers cfg) {
        if (!cfg.writesBrokerFiles()) throw new IllegalArgumentException("no broker files configured");
        this.cfg = cfg;
    }

    /** {@code username:hash} per line, sorted; logins that could not be written safely are left out (never half a line). */
    static String passwordFile(List<Login> logins) {
        StringBuilder sb = new StringBuilder();
        for (Login l : sorted(logins)) sb.append(l.username()).append(':').append(l.passwordHash()).append('\n');
        return sb.toString();
    }

    /**
     * A {@code user} block per logger with its two topics, write only: it may publish its station's readings and
     * status (retained, and its last will), and read nothing. The header says where the file comes from.
     */
    static String aclFile(List<Login> logins) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Written by pvmon from its registry (logger credentials); do not edit: it is rewritten whole on every change.\n");
        sb.append("# Each station's logger may publish only its own station's reading and status topics (docs/telemetry.md).\n");
        for (Login l : sorted(logins)) {
            String base = "pvmon/v1/stations/" + l.stationId() + "/";
            sb.append('\n').append("user ").append(l.username()).append('\n')
                    .append("topic write ").append(base).append("reading\n")
                    .append("topic write ").append(base).append("status\n");
        }
        return sb.toString();
    }

    /** Only what the file formats can carry: ids of the registry's alphabet, well-formed hashes. */
    private static List<Login> sorted(List<Login> logins) {
        List<Login> ok = new ArrayList<>();
        for (Login l : logins) {
            if (StationDirectory.ID.matcher(l.stationId()).matches() && l.username().equals(LoggerCredentials.username(l.stationId()))
                    && MosquittoPassword.wellFormed(l.passwordHash())) {
                ok.add(l);
            }
        }
        ok.sort(Comparator.comparing(Login::username));
        return ok;
    }

    /** Writes both files when either differs from what is on disk; true when something was written. */
    boolean write(List<Login> logins) throws IOException {
        boolean a = replace(cfg.passwordFile(), passwordFile(logins));
        boolean b = replace(cfg.aclFile(), aclFile(logins));
        return a || b;
    }

    /** Whether the broker can be told to reload (else the operator reloads it). */
    boolean canReload() {
        return cfg.brokerPidFile() != null || !cfg.brokerReloadCommand().isEmpty();
    }

    /** SIGHUP to the broker's pid, or the reload command; throws with the reason when it did not work. */
    void reload() throws IOException {
        List<String> command;
        if (cfg.brokerPidFile() != null) {
            String pid = Files.readString(cfg.brokerPidFile(), StandardCharsets.US_ASCII).strip();
            if (!pid.matches("[1-9][0-9]{0,9}")) throw new IOException(cfg.brokerPidFile() + " holds no process id");
            command = List.of("kill", "-HUP", pid);
        } else {
            command = Arrays.asList(cfg.brokerReloadCommand().strip().split("\\s+"));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reloading the broker", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with status " + p.exitValue()
                    + (out.isEmpty() ? "" : ": " + out.lines().findFirst().orElse("")));
        }
    }

    private static boolean replace(Path file, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) return false;
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                // the old file's group and mode, as the operator set them up for the broker's user; new: rw-r-----
                // (the broker's user reads it through the group; nobody else reads the hashes)
                if (Files.isRegularFile(file)) {
                    PosixFileAttributes old = Files.readAttributes(file, PosixFileAttributes.class);
                    Files.setPosixFilePermissions(tmp, old.permissions());
                    try {
                        Files.getFileAttributeView(tmp, PosixFileAttributeView.class).setGroup(old.group());
                    } catch (IOException e) {
                        // not a member of that group: the file keeps ours
                    }
                } else {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r-----"));
                }
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
    }
}

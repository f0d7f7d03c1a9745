package org.pvmon.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An external program (influxd, pg_dump, pg_restore) run to its end, its output logged line by line. */
final class Program {
    private static final Logger log = LoggerFactory.getLogger(Program.class);

    private final String program;
    private final String setting;

    /** @param setting the setting that names the program, for the message when it cannot be run */
    Program(String program, String setting) {
        this.program = program;
        this.setting = setting;
    }

    /**
     * Runs the program with {@code args} and {@code env} added to this process's environment, minus the variables
     * whose names start with {@code dropPrefix} (null: none); returns its output (stdout and stderr).
     */
    String run(List<String> args, Map<String, String> env, String dropPrefix) {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dropPrefix != null) pb.environment().keySet().removeIf(name -> name.startsWith(dropPrefix));
        pb.environment().putAll(env);
        String what = program + " " + String.join(" ", args);
        String name = program.substring(program.lastIndexOf('/') + 1);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String output;
            try (InputStream in = p.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int exit = p.waitFor();
            for (String line : output.split("\n")) if (!line.isBlank()) log.info("{}: {}", name, line.strip());
            if (exit != 0) throw new BackupException(what + " failed (exit " + exit + "): " + tail(output));
            return output;
        } catch (IOException e) {
            throw new BackupException("cannot run " + what + ": " + e.getMessage() + " (set " + setting + " to the program)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(what + " interrupted", e);
        }
    }

    private static String tail(String output) {
        String s = output.strip();
        return s.length() > 2000 ? "…" + s.substring(s.length() - 2000) : s;
    }
}

package org.pvmon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout of the service's packages, read from its sources (every {@code org.pvmon.…} type a file names outside
 * comments): no cycle between packages, the pure cores depend only on each other, HTTP is reached only from
 * {@code App} and is the only package that speaks Javalin (with {@code web}, which serves the dashboard's files).
 * docs/architecture.md draws the same picture.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java");
    /** Pure cores: rules and values, no I/O; they depend on nothing of pvmon but each other. */
    private static final Set<String> CORES = Set.of("money", "energy", "revenue", "distribution", "alerts", "station");
    private static final Pattern PACKAGE = Pattern.compile("^package org\\.pvmon(\\.[\\w.]+)?;", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.pvmon((?:\\.[a-z]\\w*)*)\\.[A-Z]");
    /**
     * Comments, string and char literals, matched in one pass from the left, so that a {@code //} inside a string
     * ("tcp://") is not taken for a comment; the literals' bodies are unrolled loops, which need no stack per character.
     */
    private static final Pattern COMMENTS_AND_LITERALS = Pattern.compile(
            "/\\*.*?\\*/|//[^\\n]*|\"[^\"\\\\\\n]*(?:\\\\.[^\"\\\\\\n]*)*\"|'(?:\\\\.|[^'\\\\])'", Pattern.DOTALL);

    @Test
    void no_package_depends_on_itself_through_others() {
        assertThat(cycles(graph())).as("packages that depend on each other in a circle").isEmpty();
    }

    @Test
    void the_pure_cores_depend_only_on_each_other() {
        List<String> upward = new ArrayList<>();
        graph().forEach((from, tos) -> {
            if (!CORES.contains(from)) return;
            for (String to : tos) if (!CORES.contains(to)) upward.add(from + " -> " + to);
        });
        assertThat(upward).as("edges from a pure core to a package that is not one").isEmpty();
    }

    @Test
    void only_app_reaches_http_and_nothing_reaches_app() {
        List<String> wrong = new ArrayList<>();
        graph().forEach((from, tos) -> {
            for (String to : tos) {
                if (to.equals("http") && !from.isEmpty()) wrong.add(from + " -> http");
                if (to.isEmpty()) wrong.add(from + " -> org.pvmon (App)");
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void only_http_speaks_javalin() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path f : sources()) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            String pkg = packageOf(text);
            if (text.contains("import io.javalin") && !pkg.equals("http") && !pkg.equals("web")) wrong.add(MAIN.relativize(f).toString());
        }
        assertThat(wrong).as("files outside http (and web) that use Javalin").isEmpty();
    }

    @Test
    void the_cycle_check_finds_a_cycle() {
        Map<String, Set<String>> g = new TreeMap<>();
        g.put("a", Set.of("b"));
        g.put("b", Set.of("c"));
        g.put("c", Set.of("a"));
        g.put("d", Set.of("a"));
        assertThat(cycles(g)).containsExactly("a, b, c");
    }

    /** Package (relative to org.pvmon, "" for App's) to the packages its files name. */
    static Map<String, Set<String>> graph() {
        Map<String, Set<String>> g = new TreeMap<>();
        for (Path f : sources()) {
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String from = packageOf(text);
            Set<String> to = g.computeIfAbsent(from, k -> new TreeSet<>());
            Matcher m = REFERENCE.matcher(COMMENTS_AND_LITERALS.matcher(text).replaceAll(" "));
            while (m.find()) {
                String pkg = m.group(1).isEmpty() ? "" : m.group(1).substring(1);
                if (!pkg.equals(from) && !pkg.equals("testing")) to.add(pkg);
            }
        }
        return g;
    }

    /** The packages that depend on each other in a circle: each strongly connected group of two or more, sorted. */
    static List<String> cycles(Map<String, Set<String>> g) {
        // Tarjan's algorithm, recursive: a few dozen packages
        Map<String, Integer> index = new TreeMap<>();
        Map<String, Integer> low = new TreeMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<String> out = new ArrayList<>();
        for (String v : g.keySet()) if (!index.containsKey(v)) connect(v, g, index, low, stack, out);
        out.sort(null);
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> g, Map<String, Integer> index, Map<String, Integer> low,
                                Deque<String> stack, List<String> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        for (String w : g.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, g, index, low, stack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> group = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                group.add(w);
            } while (!w.equals(v));
            if (group.size() > 1) out.add(String.join(", ", group));
        }
    }

    private static String packageOf(String text) {
        Matcher m = PACKAGE.matcher(text);
        if (!m.find()) return "?";
        return m.group(1) == null ? "" : m.group(1).substring(1);
    }

    private static List<Path> sources() {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.channels.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A WAR runs channels-cdi without Tyrus, Grizzly, Yasson or Weld: only the standalone bootstrap
 * (package {@code dev.channels.cdi.se}) may refer to them. Checked on the compiled classes' constant pools.
 */
class CodeBoundaryTest {

    private static final List<String> FORBIDDEN = List.of("org/glassfish/tyrus", "org/glassfish/grizzly",
            "org/eclipse/yasson", "org/jboss/weld");

    @Test
    void only_the_standalone_bootstrap_refers_to_tyrus_grizzly_yasson_or_weld() throws IOException {
        Path classes = Path.of("target", "classes", "dev", "channels", "cdi");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(classes)) {
            offenders = files.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> !classes.relativize(p).startsWith("se"))
                    .filter(CodeBoundaryTest::refersToForbidden)
                    .map(p -> classes.relativize(p).toString())
                    .collect(Collectors.toList());
        }
        assertThat(offenders).isEmpty();
        try (Stream<Path> files = Files.walk(classes.resolve("se"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".class")).anyMatch(CodeBoundaryTest::refersToTyrusStarter))
                    .as("the check can see references: the bootstrap does use the Tyrus starter").isTrue();
        }
    }

    private static boolean refersToForbidden(Path classFile) {
        String text = read(classFile);
        return FORBIDDEN.stream().anyMatch(text::contains)
                || text.contains("dev/channels/server/standalone");
    }

    private static boolean refersToTyrusStarter(Path classFile) {
        return read(classFile).contains("dev/channels/server/standalone/StandaloneServer");
    }

    private static String read(Path classFile) {
        try {
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

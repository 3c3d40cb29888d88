package dev.channels.bench.driver;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bench program's command-line flags, each {@code --name value}, with a default and a line of help.
 * Unknown flags and a flag without its value are an error that quotes {@link #usage()}. Filled once (in a
 * static initializer), then only read.
 */
public final class Flags {

    private final String program;
    private final Map<String, String[]> flags = new LinkedHashMap<>();

    /** @param program the program's name, for {@link #usage()} */
    public Flags(String program) {
        this.program = program;
    }

    /** Declares {@code --name}: its value when not given, and what it means. */
    public void flag(String name, String defaultValue, String help) {
        flags.put(name, new String[] {defaultValue, help});
    }

    /** Every declared flag's value, by name in declaration order: the default unless {@code args} give one. */
    public Map<String, String> parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        flags.forEach((k, v) -> values.put(k, v[0]));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || !flags.containsKey(arg.substring(2))) {
                throw new IllegalArgumentException("unknown flag '" + arg + "'\n" + usage());
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("flag '" + arg + "' needs a value\n" + usage());
            }
            values.put(arg.substring(2), args[++i]);
        }
        return values;
    }

    /** One line per flag: its name, its help and its default. */
    public String usage() {
        int width = flags.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder s = new StringBuilder("usage: " + program + " [--flag value]...\n");
        flags.forEach((k, v) -> s.append(String.format("  --%-" + width + "s %s (default: %s)%n", k, v[1], v[0])));
        return s.toString();
    }
}

package dev.channels.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Body types the tests bind to; public so that JSON-B can reach them. */
public final class TestBodies {

    private TestBodies() {
    }

    /** The seed's {@code Bodytest}: {@code {"test":..,"my":..,"othertest":..}}. */
    public static final class Bodytest {
        public String test;
        public int my;
        public boolean othertest;

        public Bodytest() {
        }

        public Bodytest(String test, int my, boolean othertest) {
            this.test = test;
            this.my = my;
            this.othertest = othertest;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bodytest b && Objects.equals(test, b.test) && my == b.my && othertest == b.othertest;
        }

        @Override
        public int hashCode() {
            return Objects.hash(test, my, othertest);
        }

        @Override
        public String toString() {
            return "Bodytest[test=" + test + ", my=" + my + ", othertest=" + othertest + "]";
        }
    }

    /** A record with nested values. */
    public record Foo(String name, int count, List<String> tags, Map<String, Foo> children) {
    }
}

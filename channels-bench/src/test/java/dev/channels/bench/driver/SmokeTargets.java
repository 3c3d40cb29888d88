package dev.channels.bench.driver;

/** The targets the smoke test drives. */
final class SmokeTargets {
    static final String TARGETS = "raw,ours";

    private SmokeTargets() {
    }
}

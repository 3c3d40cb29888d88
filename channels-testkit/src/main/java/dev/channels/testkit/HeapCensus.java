package dev.channels.testkit;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Counts live objects of this JVM by class, as {@code jcmd <pid> GC.class_histogram} does (a full GC
 * first, so only reachable objects count), for tests that assert the server keeps nothing of what
 * ended. Runs in the test's own JVM, where the server under test runs too.
 */
public final class HeapCensus {

    private HeapCensus() {
    }

    /** Live instances of each of {@code classNames} (0 for a class with none), after a full GC. */
    public static Map<String, Long> liveInstances(Set<String> classNames) {
        String histogram;
        try {
            histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("no class histogram from this JVM", e);
        }
        Map<String, Long> counts = new HashMap<>();
        classNames.forEach(name -> counts.put(name, 0L));
        // "   12:          2000         96000  sun.nio.ch.SocketChannelImpl (java.base@17.0.9)"
        for (String line : histogram.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 4 && cols[0].endsWith(":") && classNames.contains(cols[3])) {
                counts.merge(cols[3], Long.parseLong(cols[1]), Long::sum);
            }
        }
        return counts;
    }

    /** Heap in use right after a full GC, in bytes. */
    public static long usedHeapAfterGc() {
        liveInstances(Set.of()); // the histogram's full GC
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

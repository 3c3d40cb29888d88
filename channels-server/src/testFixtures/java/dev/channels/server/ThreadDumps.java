package dev.channels.server;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/** Java-level deadlock detection and full thread dumps for failure messages (the server runs in the test's JVM). */
final class ThreadDumps {

    private ThreadDumps() {
    }

    /** Null when no threads are deadlocked on monitors or ownable synchronizers; otherwise a dump of them and of every thread. */
    static String deadlock() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] ids = mx.findDeadlockedThreads();
        if (ids == null) {
            return null;
        }
        StringBuilder out = new StringBuilder("Java-level deadlock between ").append(ids.length).append(" threads:\n");
        for (ThreadInfo info : mx.getThreadInfo(ids, true, true)) {
            append(out, info);
        }
        return out.append("\nall threads:\n").append(all()).toString();
    }

    /** Every live thread with its whole stack and the locks it holds and waits for. */
    static String all() {
        StringBuilder out = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            append(out, info);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, ThreadInfo info) {
        out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
        if (info.getLockName() != null) {
            out.append(" on ").append(info.getLockName());
        }
        if (info.getLockOwnerName() != null) {
            out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
        }
        out.append('\n');
        StackTraceElement[] stack = info.getStackTrace();
        for (int i = 0; i < stack.length; i++) {
            out.append("\tat ").append(stack[i]).append('\n');
            for (var monitor : info.getLockedMonitors()) {
                if (monitor.getLockedStackDepth() == i) {
                    out.append("\t- locked ").append(monitor).append('\n');
                }
            }
        }
        for (var sync : info.getLockedSynchronizers()) {
            out.append("\t- holds ").append(sync).append('\n');
        }
        out.append('\n');
    }
}

package dev.channels.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The log records a test provokes: a {@link Handler} on the root {@code java.util.logging} logger (where
 * {@code System.Logger} goes by default) that keeps the records a filter lets through, until {@link
 * #close()}. Only records their logger's level lets out reach it: lower a logger's level to see its
 * DEBUG lines. Thread-safe: records arrive on any thread; {@link #records()} is a copy.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Predicate<LogRecord> keep;
    private final List<LogRecord> records = new ArrayList<>();

    private LogCapture(Predicate<LogRecord> keep) {
        this.keep = keep;
        setLevel(Level.ALL);
    }

    /** Starts capturing every record that reaches the root logger. */
    public static LogCapture root() {
        return root(r -> true);
    }

    /** Starts capturing the records that reach the root logger and {@code keep} lets through. */
    public static LogCapture root(Predicate<LogRecord> keep) {
        LogCapture capture = new LogCapture(keep);
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    /** The records kept so far, oldest first. */
    public List<LogRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /** Forgets the records kept so far (e.g. between the cases of a test that shares one capture). */
    public void clear() {
        synchronized (records) {
            records.clear();
        }
    }

    /** Whether a kept record is at {@code level} or above. */
    public static Predicate<LogRecord> atLeast(Level level) {
        return r -> r.getLevel().intValue() >= level.intValue();
    }

    @Override
    public void publish(LogRecord record) {
        if (keep.test(record)) {
            synchronized (records) {
                records.add(record);
            }
        }
    }

    @Override
    public void flush() {
    }

    /** Stops capturing (the records stay readable). */
    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}

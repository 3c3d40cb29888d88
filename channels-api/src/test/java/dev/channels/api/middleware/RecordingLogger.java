package dev.channels.api.middleware;

import java.lang.System.Logger;
import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link System.Logger} that keeps what it is given, for assertions. */
final class RecordingLogger implements Logger {

    /** One logged record. */
    record Entry(Level level, String message, Throwable thrown) {
    }

    private final Level threshold;
    final List<Entry> entries = new CopyOnWriteArrayList<>();

    RecordingLogger(Level threshold) {
        this.threshold = threshold;
    }

    @Override
    public String getName() {
        return "recording";
    }

    @Override
    public boolean isLoggable(Level level) {
        return level.getSeverity() >= threshold.getSeverity();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (isLoggable(level)) {
            entries.add(new Entry(level, msg, thrown));
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
            entries.add(new Entry(level, params == null || params.length == 0 ? format
                    : MessageFormat.format(format, params), null));
        }
    }
}

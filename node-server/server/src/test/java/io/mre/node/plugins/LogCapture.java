package io.mre.node.plugins;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Records what one class logs (INFO and above) while open, to check what an operator would read. */
final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final Level previous;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Class<?> source) {
        logger = (Logger) LoggerFactory.getLogger(source);
        previous = logger.getLevel();
        logger.setLevel(Level.INFO);
        appender.start();
        logger.addAppender(appender);
    }

    static LogCapture of(Class<?> source) {
        return new LogCapture(source);
    }

    /** Each event as {@code LEVEL message}. */
    List<String> lines() {
        return appender.list.stream()
                .map(e -> e.getLevel() + " " + e.getFormattedMessage())
                .toList();
    }

    /** Each event's exception class and message as logged (with its stack trace), or "" when it carries none. */
    List<String> throwables() {
        return appender.list.stream()
                .map(e -> e.getThrowableProxy() == null
                        ? ""
                        : e.getThrowableProxy().getClassName() + ": "
                                + e.getThrowableProxy().getMessage()
                                + (e.getThrowableProxy().getStackTraceElementProxyArray().length > 0
                                        ? " (with stack trace)"
                                        : ""))
                .toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previous);
    }
}

package dev.sociindex.lambda.local;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Sends the root logger's output, in its configured layout (the JSON layout of {@code log4j2.xml}), to a given
 * stream for a while, then restores the configured appenders. Log4j's console appender is bound to the
 * {@code System.out} of start-up; a local invocation prints to the stream it was handed.
 */
public final class LogRedirect implements AutoCloseable {
    private final LoggerContext context;
    private final LoggerConfig root;
    private final Map<String, Appender> replaced;
    private final Appender appender;

    private LogRedirect(LoggerContext context, LoggerConfig root, Map<String, Appender> replaced, Appender appender) {
        this.context = context;
        this.root = root;
        this.replaced = replaced;
        this.appender = appender;
    }

    public static LogRedirect to(PrintStream out) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        LoggerConfig root = context.getConfiguration().getRootLogger();
        Map<String, Appender> replaced = Map.copyOf(root.getAppenders());
        Layout<?> layout = replaced.values().stream()
                .map(Appender::getLayout)
                .filter(l -> l != null)
                .findFirst()
                .orElseGet(PatternLayout::createDefaultLayout);
        Appender appender = OutputStreamAppender.newBuilder()
                .setName("redirect-" + UUID.randomUUID())
                .setLayout(layout)
                .setTarget(new KeepOpen(out))
                .build();
        appender.start();
        replaced.keySet().forEach(root::removeAppender);
        root.addAppender(appender, null, null);
        context.updateLoggers();
        return new LogRedirect(context, root, replaced, appender);
    }

    @Override
    public void close() {
        root.removeAppender(appender.getName());
        replaced.values().forEach(a -> root.addAppender(a, null, null));
        context.updateLoggers();
        appender.stop();
    }

    /** Stopping the appender closes its stream; the caller's stream must stay open. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}

package dev.sociindex.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * An EMF environment with the behaviour of EMF's {@code Local} one (no log group, no added properties, one JSON
 * line per blob) that prints to a stream of our choice. EMF's own environment resolution is global (a static cache
 * and a static configuration); this one is per instance.
 */
public final class PrintStreamEmfEnvironment implements Environment {
    private final PrintStream out;

    PrintStreamEmfEnvironment(PrintStream out) {
        this.out = out;
    }

    /** A provider that always resolves to this environment, skipping EMF's probing of EC2, ECS and agents. */
    EnvironmentProvider provider() {
        Environment self = this;
        return new EnvironmentProvider() {
            @Override
            public CompletableFuture<Environment> resolveEnvironment() {
                return CompletableFuture.completedFuture(self);
            }

            @Override
            public Environment getDefaultEnvironment() {
                return self;
            }
        };
    }

    @Override
    public boolean probe() {
        return true;
    }

    @Override
    public String getName() {
        return "Local";
    }

    @Override
    public String getType() {
        return "Local";
    }

    @Override
    public String getLogGroupName() {
        return "";
    }

    @Override
    public void configureContext(MetricsContext context) {
        // Like EMF's Local environment: nothing to add.
    }

    @Override
    public ISink getSink() {
        return new ISink() {
            @Override
            public void accept(MetricsContext context) {
                try {
                    context.serialize().forEach(out::println);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("EMF could not serialise a metrics blob", e);
                }
            }

            @Override
            public CompletableFuture<Void> shutdown() {
                out.flush();
                return CompletableFuture.completedFuture(null);
            }
        };
    }
}

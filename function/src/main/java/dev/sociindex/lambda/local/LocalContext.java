package dev.sociindex.lambda.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A Lambda {@link Context} for runs outside Lambda: a fresh request id, and a time limit counted down on a clock from
 * the moment of creation (15 minutes unless told otherwise, Lambda's maximum).
 */
public final class LocalContext implements Context {
    public static final Duration LAMBDA_MAX_TIMEOUT = Duration.ofMinutes(15);

    private final String requestId;
    private final Clock clock;
    private final Instant deadline;
    private final PrintStream logOutput;

    public LocalContext(Clock clock, Duration timeout, PrintStream logOutput) {
        this.requestId = UUID.randomUUID().toString();
        this.clock = clock;
        this.deadline = clock.instant().plus(timeout);
        this.logOutput = logOutput;
    }

    public static LocalContext fifteenMinutes(PrintStream logOutput) {
        return new LocalContext(Clock.systemUTC(), LAMBDA_MAX_TIMEOUT, logOutput);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "local";
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return "soci-index-builder-local";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:local:000000000000:function:soci-index-builder-local";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        long remaining = Duration.between(clock.instant(), deadline).toMillis();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
    }

    @Override
    public int getMemoryLimitInMB() {
        return (int) (Runtime.getRuntime().maxMemory() >> 20);
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                logOutput.print(message);
            }

            @Override
            public void log(byte[] message) {
                logOutput.print(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}

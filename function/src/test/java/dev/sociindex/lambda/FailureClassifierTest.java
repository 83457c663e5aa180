package dev.sociindex.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.sociindex.gzip.GzipFormatException;
import dev.sociindex.oci.BlobNotFoundException;
import dev.sociindex.aws.AwsCallException;
import dev.sociindex.registry.RegistryException;
import dev.sociindex.registry.RegistryNetworkException;
import dev.sociindex.tar.TarFormatException;
import dev.sociindex.tar.UnsupportedTarException;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class FailureClassifierTest {
    private final FailureClassifier classifier = new FailureClassifier();

    static Stream<Arguments> exceptions() {
        return Stream.of(
                Arguments.of(new TimeBudgetExceededException("late"), Failure.Kind.TRANSIENT),
                Arguments.of(new RegistryException("503 from registry", 503, true, null), Failure.Kind.TRANSIENT),
                Arguments.of(new RegistryException("429 from registry", 429, true, null), Failure.Kind.TRANSIENT),
                Arguments.of(new RegistryException("403 from registry", 403, false, null), Failure.Kind.PERMANENT),
                Arguments.of(new BlobNotFoundException("store", Harness.digest('1')), Failure.Kind.PERMANENT),
                Arguments.of(new GzipFormatException("bad header", 0), Failure.Kind.PERMANENT),
                Arguments.of(new TarFormatException("bad checksum", 512), Failure.Kind.PERMANENT),
                Arguments.of(new UnsupportedTarException("sparse file"), Failure.Kind.PERMANENT),
                Arguments.of(new MalformedEventException("no detail"), Failure.Kind.PERMANENT),
                Arguments.of(new IllegalArgumentException("bad manifest"), Failure.Kind.PERMANENT),
                Arguments.of(new IllegalStateException("bug"), Failure.Kind.PERMANENT),
                Arguments.of(new RegistryNetworkException("GET /v2/: connection reset",
                        new IOException("Connection reset")), Failure.Kind.TRANSIENT),
                // an untyped IOException (our own code's, or a library's) says nothing a retry could change
                Arguments.of(new IOException("Connection reset"), Failure.Kind.PERMANENT),
                Arguments.of(new ConnectException("Connection refused"), Failure.Kind.TRANSIENT),
                Arguments.of(new SocketTimeoutException("Read timed out"), Failure.Kind.TRANSIENT),
                Arguments.of(new UnknownHostException("registry.example"), Failure.Kind.TRANSIENT),
                Arguments.of(new HttpTimeoutException("request timed out"), Failure.Kind.TRANSIENT),
                Arguments.of(new EOFException("tar stream ended early"), Failure.Kind.PERMANENT),
                Arguments.of(new java.io.InterruptedIOException("interrupted"), Failure.Kind.PERMANENT),
                Arguments.of(SdkClientException.create("Unable to execute HTTP request",
                        new ConnectException("Connection refused")), Failure.Kind.TRANSIENT),
                Arguments.of(SdkClientException.create("Unable to marshall request"), Failure.Kind.PERMANENT),
                Arguments.of(AwsCallException.of("PutItem into table t", awsError(400, "ThrottlingException")),
                        Failure.Kind.TRANSIENT),
                Arguments.of(AwsCallException.of("PutItem into table t", awsError(400, "ResourceNotFoundException")),
                        Failure.Kind.PERMANENT),
                Arguments.of(AwsCallException.refused("bus 'b' rejected the completion event"),
                        Failure.Kind.PERMANENT),
                Arguments.of(awsError(400, "ThrottlingException"), Failure.Kind.TRANSIENT),
                Arguments.of(awsError(500, "ServerException"), Failure.Kind.TRANSIENT),
                Arguments.of(awsError(400, "AccessDeniedException"), Failure.Kind.PERMANENT));
    }

    private static AwsServiceException awsError(int status, String code) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("exceptions")
    void classifiesByWhetherARetryCanSucceed(Exception exception, Failure.Kind expected) {
        Failure failure = classifier.classify(exception);

        assertEquals(expected, failure.kind());
        assertEquals(exception.getClass().getSimpleName(), failure.errorType());
    }

    @Test
    void looksThroughWrappersOfParallelWork() {
        GzipFormatException real = new GzipFormatException("bad block type", 1234);
        Exception wrapped = new CompletionException(new ExecutionException(new UncheckedIOException(real)));

        Failure failure = classifier.classify(wrapped);

        assertSame(real, failure.cause());
        assertEquals(Failure.Kind.PERMANENT, failure.kind());
        assertEquals("GzipFormatException", failure.errorType());
    }
}

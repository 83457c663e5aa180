package dev.sociindex.aws;

import dev.sociindex.report.FailureRecord;
import dev.sociindex.report.FailureSink;
import dev.sociindex.report.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Sends permanent failures to the DLQ as one JSON message each. This is the same queue that the function's
 * on-failure destination feeds with events whose transient failures exhausted Lambda's retries, so operators have
 * one place to look (those arrive in Lambda's own envelope, with the event under {@code requestPayload}).
 */
public final class SqsFailureSink implements FailureSink {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsFailureSink(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void record(FailureRecord failure) throws IOException {
        String body;
        try {
            body = Json.MAPPER.writeValueAsString(failure);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a failure record", e);
        }
        try {
            sqs.sendMessage(SendMessageRequest.builder()
                    .queueUrl(queueUrl)
                    .messageBody(body)
                    .messageAttributes(Map.of("ErrorType", MessageAttributeValue.builder()
                            .dataType("String").stringValue(failure.errorType()).build()))
                    .build());
        } catch (SdkException e) {
            throw AwsCallException.of("SendMessage of the failure record to " + queueUrl, e);
        }
    }
}

package dev.sociindex.aws;

import dev.sociindex.report.CompletionEvent;
import dev.sociindex.report.CompletionPublisher;
import dev.sociindex.report.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sociindex.contract.Defaults;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** Puts the completion event on a bus. PutEvents reports rejected entries in its response, not as an exception. */
public final class EventBridgeCompletionPublisher implements CompletionPublisher {
    private final EventBridgeClient events;
    private final String busName;
    private final String source;

    public EventBridgeCompletionPublisher(EventBridgeClient events, String busName, String source) {
        this.events = events;
        this.busName = busName;
        this.source = source;
    }

    @Override
    public void publish(CompletionEvent event) throws IOException {
        String detail;
        try {
            detail = Json.MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a completion event", e);
        }
        PutEventsResponse response;
        try {
            response = events.putEvents(PutEventsRequest.builder()
                    .entries(PutEventsRequestEntry.builder()
                            .eventBusName(busName)
                            .source(source)
                            .detailType(Defaults.COMPLETION_DETAIL_TYPE)
                            .detail(detail)
                            .build())
                    .build());
        } catch (SdkException e) {
            throw AwsCallException.of("PutEvents to bus '" + busName + "'", e);
        }
        Integer failed = response.failedEntryCount();
        if (failed != null && failed > 0) {
            PutEventsResultEntry entry = response.entries().isEmpty() ? null : response.entries().getFirst();
            String reason = entry == null ? "no entry details" : entry.errorCode() + ": " + entry.errorMessage();
            throw AwsCallException.refused("bus '" + busName + "' rejected the completion event (" + reason + ")");
        }
    }
}

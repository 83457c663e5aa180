package dev.sociindex.aws;

import dev.sociindex.backfill.BackfillRequest;
import dev.sociindex.backfill.RequestBus;
import dev.sociindex.contract.Defaults;
import dev.sociindex.report.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Backfill requests as EventBridge events: source {@link Defaults#EVENT_SOURCE} (sources starting with {@code aws.}
 * cannot be put), detail-type {@link Defaults#BACKFILL_DETAIL_TYPE}, detail {@code {"repository-name", "image-tag"}}.
 * EventBridge sets {@code account} and {@code region} to the caller's, which is how the indexer finds the registry.
 * {@code PutEvents} takes at most 10 entries a call and answers per entry; a rejected entry is not an exception.
 */
public final class EventBridgeRequestBus implements RequestBus {
    /** The PutEvents limit. */
    public static final int MAX_ENTRIES = 10;
    /** The error codes PutEvents documents as retryable; every other code fails the same way again. */
    static final Set<String> RETRYABLE_CODES = Set.of("ThrottlingException", "InternalFailure");

    private final EventBridgeClient events;
    private final String busName;
    private final String source;

    public EventBridgeRequestBus(EventBridgeClient events, String busName, String source) {
        this.events = events;
        this.busName = busName;
        this.source = source;
    }

    /**
     * A bus in {@code region} (else the SDK's region chain: {@code AWS_REGION}, the profile), with the default
     * credentials chain; {@code AWS_ENDPOINT_URL_EVENTBRIDGE} applies as everywhere in the SDK.
     */
    public static EventBridgeRequestBus withDefaultCredentials(Optional<String> region, String busName) {
        Region chosen = region.map(Region::of).orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion());
        EventBridgeClient client = EventBridgeClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(chosen)
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .build();
        return new EventBridgeRequestBus(client, busName, Defaults.EVENT_SOURCE);
    }

    @Override
    public int maxBatch() {
        return MAX_ENTRIES;
    }

    @Override
    public List<Answer> put(List<BackfillRequest> requests) throws IOException {
        if (requests.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("PutEvents takes at most " + MAX_ENTRIES + " entries, got " + requests.size());
        }
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (BackfillRequest request : requests) {
            entries.add(PutEventsRequestEntry.builder()
                    .eventBusName(busName)
                    .source(source)
                    .detailType(Defaults.BACKFILL_DETAIL_TYPE)
                    .detail(detail(request))
                    .build());
        }
        PutEventsResponse response;
        try {
            response = events.putEvents(PutEventsRequest.builder().entries(entries).build());
        } catch (SdkException e) {
            throw AwsCallException.of("PutEvents of " + requests.size() + " backfill requests to bus '" + busName + "'", e);
        }
        List<PutEventsResultEntry> results = response.entries();
        if (results.size() != requests.size()) {
            throw AwsCallException.refused("bus '" + busName + "' answered " + results.size() + " entries for "
                    + requests.size() + " events (failed entry count " + response.failedEntryCount() + ")");
        }
        List<Answer> answers = new ArrayList<>();
        for (PutEventsResultEntry result : results) {
            answers.add(result.errorCode() == null && result.eventId() != null ? Answer.ACCEPTED
                    : Answer.rejected(result.errorCode() == null ? "NoEventId" : result.errorCode(),
                    result.errorMessage() == null ? "no message" : result.errorMessage()));
        }
        return answers;
    }

    @Override
    public boolean isRetryable(Answer answer) {
        return RETRYABLE_CODES.contains(answer.errorCode());
    }

    @Override
    public String description() {
        return "event bus '" + busName + "'";
    }

    static String detail(BackfillRequest request) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("repository-name", request.repository());
        detail.put("image-tag", request.tag());
        try {
            return Json.MAPPER.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a backfill request", e);
        }
    }
}

package dev.sociindex.report;

/**
 * What the DLQ receives for a permanent failure: enough to understand it and to replay it (the original event,
 * byte for byte as text, even when it is not JSON). Fields the event did not provide are null.
 */
public record FailureRecord(
        String originalEvent,
        String errorType,
        String message,
        String repository,
        String digest,
        String tag,
        String timestamp,
        String requestId) {
}

package dev.sociindex.lambda;

import dev.sociindex.contract.Defaults;
import dev.sociindex.report.Json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Turns the raw invocation payload into an {@link EcrImageAction}, or says precisely why it cannot. Only the fields
 * that a decision depends on are required: {@code detail}, its {@code action-type} and {@code result}; a successful
 * push must also name its repository, a well-formed digest, the account and the region (the registry host is
 * derived from them). A backfill request (our source, {@link Defaults#BACKFILL_DETAIL_TYPE}) must name a valid
 * repository and tag, the account and the region.
 */
final class EventParser {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");
    /** The OCI distribution rules for a tag and a repository name (ECR's names are a subset). */
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*");
    private static final String BACKFILL_PREFIX = "malformed " + Defaults.BACKFILL_DETAIL_TYPE + " event: ";

    EcrImageAction parse(byte[] payload) {
        EcrImageAction event;
        try {
            event = Json.MAPPER.readValue(payload, EcrImageAction.class);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("malformed ECR Image Action event: " + describe(e), e);
        } catch (IOException e) {
            // Reading a byte array cannot fail with real I/O; anything else is a parse problem.
            throw new MalformedEventException("malformed ECR Image Action event: " + e.getMessage(), e);
        }
        if (event == null) {
            throw new MalformedEventException("malformed ECR Image Action event: the payload is JSON null");
        }
        validate(event);
        return event;
    }

    private static void validate(EcrImageAction event) {
        EcrImageAction.Detail detail = event.detail();
        if (detail == null) {
            throw missing("detail");
        }
        if (event.isBackfillRequest()) {
            validateBackfillRequest(event);
            return;
        }
        require(detail.actionType(), "detail.action-type");
        require(detail.result(), "detail.result");
        if (!detail.isSuccessfulPush()) {
            return;
        }
        require(detail.repositoryName(), "detail.repository-name");
        require(detail.imageDigest(), "detail.image-digest");
        requireMatch(detail.imageDigest(), DIGEST, "detail.image-digest", "a sha256 digest");
        require(event.account(), "account");
        requireMatch(event.account(), ACCOUNT, "account", "a 12-digit AWS account id");
        require(event.region(), "region");
        requireMatch(event.region(), REGION, "region", "an AWS region name");
    }

    /**
     * A backfill request names the image by repository and tag (no action, no result, no digest); the registry comes
     * from {@code account} and {@code region}, which EventBridge sets to the account and region it was put in.
     */
    private static void validateBackfillRequest(EcrImageAction event) {
        EcrImageAction.Detail detail = event.detail();
        requireRequest(detail.repositoryName(), "detail.repository-name");
        requireRequestMatch(detail.repositoryName(), REPOSITORY, "detail.repository-name", "a repository name");
        requireRequest(detail.imageTag(), "detail.image-tag");
        requireRequestMatch(detail.imageTag(), TAG, "detail.image-tag", "a tag (at most 128 letters, digits, '_', '.', '-')");
        if (detail.imageDigest() != null) {
            requireRequestMatch(detail.imageDigest(), DIGEST, "detail.image-digest", "a sha256 digest");
        }
        requireRequest(event.account(), "account");
        requireRequestMatch(event.account(), ACCOUNT, "account", "a 12-digit AWS account id");
        requireRequest(event.region(), "region");
        requireRequestMatch(event.region(), REGION, "region", "an AWS region name");
    }

    private static void requireRequest(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new MalformedEventException(BACKFILL_PREFIX + "required field '" + field + "' is missing or empty");
        }
    }

    private static void requireRequestMatch(String value, Pattern pattern, String field, String expected) {
        if (!pattern.matcher(value).matches()) {
            throw new MalformedEventException(BACKFILL_PREFIX + "field '" + field + "' must be " + expected + ", was '"
                    + value + "'");
        }
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw missing(field);
        }
    }

    private static void requireMatch(String value, Pattern pattern, String field, String expected) {
        if (!pattern.matcher(value).matches()) {
            throw new MalformedEventException("malformed ECR Image Action event: field '" + field + "' must be "
                    + expected + ", was '" + value + "'");
        }
    }

    private static MalformedEventException missing(String field) {
        return new MalformedEventException("malformed ECR Image Action event: required field '" + field
                + "' is missing or empty");
    }

    /** Jackson's message without the echo of the whole payload, plus the field path and position. */
    private static String describe(JsonProcessingException e) {
        StringBuilder text = new StringBuilder(e.getOriginalMessage().lines().findFirst().orElse("unreadable JSON"));
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            text.append(" (field '").append(fieldPath(mapping)).append("')");
        }
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            text.append(" at line ").append(location.getLineNr()).append(", column ").append(location.getColumnNr());
        }
        return text.toString();
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}

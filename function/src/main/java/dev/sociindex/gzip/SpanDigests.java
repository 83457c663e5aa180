package dev.sociindex.gzip;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * SHA-256 of each span's compressed bytes, computed while streaming; at most one span is open at a time.
 *
 * <p>The hashing runs off the inflating thread: bytes are copied into batches, and each batch is hashed by a
 * short-lived virtual thread chained after the previous batch, so the order of updates is kept and nothing outlives
 * its work (an abandoned stream leaves no thread behind). At most {@link #MAX_BATCHES_IN_FLIGHT} batches wait at a
 * time; the inflater, far slower than SHA-256, waits only if hashing falls behind.
 */
final class SpanDigests {
    private static final int BATCH_SIZE = 1 << 20;
    private static final int MAX_BATCHES_IN_FLIGHT = 4;
    private static final Executor HASHER = task -> Thread.ofVirtual().name("soci-span-hasher").start(task);

    private final List<CompletableFuture<String>> digests = new ArrayList<>();
    private final ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
    /** Completes when every batch handed over so far is hashed; each new task chains after it. */
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private MessageDigest current;
    private byte[] batch = new byte[BATCH_SIZE];
    private int batchLength;

    boolean isOpen() {
        return current != null;
    }

    void open() {
        try {
            current = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    void update(byte[] bytes, int offset, int length) {
        while (length > 0) {
            int n = Math.min(length, batch.length - batchLength);
            System.arraycopy(bytes, offset, batch, batchLength, n);
            batchLength += n;
            offset += n;
            length -= n;
            if (batchLength == batch.length) {
                handOver();
            }
        }
    }

    void close() {
        handOver();
        MessageDigest span = current;
        CompletableFuture<String> digest = tail.thenApplyAsync(
                done -> "sha256:" + HexFormat.of().formatHex(span.digest()), HASHER);
        digests.add(digest);
        tail = digest.thenApply(hex -> null);
        current = null;
    }

    /** Waits for the hashing to finish. */
    List<String> digests() {
        try {
            return digests.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            throw new IllegalStateException("span hashing failed", e.getCause());
        }
    }

    /** Hands the filled part of the batch to the hasher, after waiting for the oldest batch if too many wait. */
    private void handOver() {
        if (batchLength == 0) {
            return;
        }
        while (inFlight.size() >= MAX_BATCHES_IN_FLIGHT) {
            inFlight.removeFirst().join();
        }
        MessageDigest span = current;
        byte[] bytes = batch;
        int length = batchLength;
        tail = tail.thenRunAsync(() -> span.update(bytes, 0, length), HASHER);
        inFlight.addLast(tail);
        batch = new byte[BATCH_SIZE];
        batchLength = 0;
    }
}

package dev.sociindex.registry;

import dev.sociindex.oci.BlobNotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;

/**
 * A request body streamed from another store, with a known length. The first stream is opened up front so a missing
 * source blob surfaces as {@link BlobNotFoundException} before any upload starts; a resend (after a 401) opens a
 * fresh stream. Closing closes every stream it opened.
 */
final class StreamingBody implements AutoCloseable {

    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    private final Opener opener;
    private final long size;
    private final List<InputStream> opened = new ArrayList<>();
    private InputStream unused;

    StreamingBody(Opener opener, long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("a streamed upload needs the blob size, got " + size);
        }
        this.opener = opener;
        this.size = size;
        this.unused = opener.open();
        opened.add(unused);
    }

    /** A publisher with Content-Length {@code size}: registries (ECR) refuse chunked transfer encoding on PUT. */
    BodyPublisher publisher() {
        return BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(this::nextStream), size);
    }

    private synchronized InputStream nextStream() {
        if (unused != null) {
            InputStream first = unused;
            unused = null;
            return first;
        }
        try {
            InputStream fresh = opener.open();
            opened.add(fresh);
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        for (InputStream stream : opened) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // a source stream that fails to close has nothing left to give
            }
        }
        opened.clear();
    }
}

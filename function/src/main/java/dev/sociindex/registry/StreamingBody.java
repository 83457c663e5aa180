package dev.sociindex.registry;

import dev.sociindex.oci.BlobNotFoundException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request body streamed from another store, with a known length. The first stream is opened up front so a missing
 * source blob surfaces as {@link BlobNotFoundException} before any upload starts; a resend (after a 401) opens a
 * fresh stream. The first failure of a source stream is kept: the upload that carries it must end with it instead
 * of retrying (the source has spent its own retries). Closing closes every stream it opened.
 */
final class StreamingBody implements AutoCloseable {

    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }

    /** Carries a source failure through a retry loop, which retries only {@link RegistryException}s. */
    static final class SourceFailed extends IOException {
        SourceFailed(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final Opener opener;
    private final long size;
    private final List<InputStream> opened = new ArrayList<>();
    private InputStream unused;
    private volatile IOException sourceFailure;

    StreamingBody(Opener opener, long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("a streamed upload needs the blob size, got " + size);
        }
        this.opener = opener;
        this.size = size;
        this.unused = watched(opener.open());
        opened.add(unused);
    }

    /** Runs one attempt of an upload of {@code body}; a failure caused by the source becomes {@link SourceFailed}. */
    static void rethrowSourceFailure(StreamingBody body, IoAction attempt) throws IOException {
        try {
            attempt.run();
        } catch (IOException e) {
            Optional<IOException> source = body.sourceFailure();
            if (source.isPresent()) {
                throw new SourceFailed(source.get());
            }
            throw e;
        }
    }

    /** Runs a retry loop whose attempts use {@link #rethrowSourceFailure}, and ends with the source's own failure. */
    static void unlessSourceFailed(Retrier.IoCall<?> loop) throws IOException {
        try {
            loop.call();
        } catch (SourceFailed e) {
            throw (IOException) e.getCause();
        }
    }

    /** A publisher with Content-Length {@code size}: registries (ECR) refuse chunked transfer encoding on PUT. */
    BodyPublisher publisher() {
        return BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(this::nextStream), size);
    }

    Optional<IOException> sourceFailure() {
        return Optional.ofNullable(sourceFailure);
    }

    private synchronized InputStream nextStream() {
        if (unused != null) {
            InputStream first = unused;
            unused = null;
            return first;
        }
        try {
            InputStream fresh = watched(opener.open());
            opened.add(fresh);
            return fresh;
        } catch (IOException e) {
            noteFailure(e);
            throw new UncheckedIOException(e);
        }
    }

    private InputStream watched(InputStream source) {
        return new FilterInputStream(source) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException e) {
                    noteFailure(e);
                    throw e;
                }
            }

            @Override
            public int read(byte[] buffer, int offset, int count) throws IOException {
                try {
                    return super.read(buffer, offset, count);
                } catch (IOException e) {
                    noteFailure(e);
                    throw e;
                }
            }
        };
    }

    private void noteFailure(IOException e) {
        if (sourceFailure == null) {
            sourceFailure = e;
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

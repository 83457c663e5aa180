package dev.sociindex.registry;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * A blob download that survives a dropped connection: when the body fails or ends early, it asks for the rest from
 * the byte reached ({@code Range: bytes=N-}). Layers are large and a Lambda cannot afford to start a multi-GB layer
 * over because one TCP connection broke. Resumes draw from the download's {@link Attempts}, the same budget its
 * first request used, and each resume is one request: no retry loop runs inside another.
 */
final class ResumableBlobStream extends InputStream {

    @FunctionalInterface
    interface Reopener {
        /** One request for the blob's bytes from {@code offset} on; throws when the server cannot serve a range. */
        InputStream openAt(long offset) throws IOException;
    }

    private final String what;
    private final long length;
    private final Reopener reopener;
    private final Attempts attempts;
    private InputStream current;
    private long position;
    private boolean closed;

    /**
     * @param what     names the blob and registry in messages
     * @param first    the body of the first response
     * @param length   the blob's size, or -1 when unknown (then only an I/O error, not an early end, is noticed)
     * @param attempts the download's retry budget, partly spent on the first request
     */
    ResumableBlobStream(String what, InputStream first, long length, Reopener reopener, Attempts attempts) {
        this.what = what;
        this.current = first;
        this.length = length;
        this.reopener = reopener;
        this.attempts = attempts;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (closed) {
            throw new IOException(what + ": stream closed");
        }
        if (count == 0) {
            return 0;
        }
        while (true) {
            RegistryException failure;
            try {
                int n = current.read(buffer, offset, count);
                if (n > 0) {
                    position += n;
                    return n;
                }
                if (length < 0 || position >= length) {
                    return -1;
                }
                failure = new RegistryNetworkException(what + ": body ended at byte " + position + " of " + length,
                        new EOFException());
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                if (length >= 0 && position >= length) {
                    // Every byte the blob has arrived and only the end of the response failed (a server that declared
                    // a longer body, then dropped): there is nothing left to resume, and the digest check downstream
                    // judges the bytes. Resuming would ask for an empty range, which registries refuse.
                    return -1;
                }
                if (e instanceof RegistryException registry && !registry.transientFailure()) {
                    throw e;
                }
                failure = e instanceof RegistryException registry ? registry
                        : new RegistryNetworkException(what + ": " + RegistryTransport.networkProblem(e), e);
            }
            resume(failure);
        }
    }

    /** Replaces the broken body with a request from {@link #position} on; each failed request spends an attempt. */
    private void resume(RegistryException failure) throws IOException {
        closeQuietly(current);
        RegistryException last = failure;
        while (true) {
            attempts.afterFailure(what + ": connection lost at byte " + position
                    + (length >= 0 ? " of " + length : ""), last);
            try {
                current = reopener.openAt(position);
                return;
            } catch (RegistryException e) {
                // A successful status that still cannot resume (Range ignored) would be answered the same way again.
                boolean answeredButUnusable = e.status() >= 200 && e.status() < 300;
                if (!e.transientFailure() || answeredButUnusable) {
                    throw e;
                }
                last = e;
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            current.close();
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // the broken connection is being replaced; its close failing changes nothing
        }
    }
}

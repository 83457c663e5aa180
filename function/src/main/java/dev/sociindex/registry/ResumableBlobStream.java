package dev.sociindex.registry;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * A blob download that survives a dropped connection: when the body fails or ends early, it asks for the rest from
 * the byte reached ({@code Range: bytes=N-}), a bounded number of times. Layers are large and a Lambda cannot
 * afford to start a multi-GB layer over because one TCP connection broke.
 */
final class ResumableBlobStream extends InputStream {

    @FunctionalInterface
    interface Reopener {
        /** The blob's bytes from {@code offset} on; throws when the server cannot serve a range. */
        InputStream openAt(long offset) throws IOException;
    }

    private final String what;
    private final long length;
    private final Reopener reopener;
    private final Retrier retrier;
    private InputStream current;
    private long position;
    private int resumes;
    private boolean closed;

    /**
     * @param what    names the blob and registry in messages
     * @param first   the body of the first response
     * @param length  the blob's size, or -1 when unknown (then only an I/O error, not an early end, is noticed)
     */
    ResumableBlobStream(String what, InputStream first, long length, Reopener reopener, Retrier retrier) {
        this.what = what;
        this.current = first;
        this.length = length;
        this.reopener = reopener;
        this.retrier = retrier;
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
            IOException failure;
            try {
                int n = current.read(buffer, offset, count);
                if (n > 0) {
                    position += n;
                    return n;
                }
                if (length < 0 || position >= length) {
                    return -1;
                }
                failure = new EOFException("body ended at byte " + position + " of " + length);
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                if (length >= 0 && position >= length) {
                    // Every byte the blob has arrived and only the end of the response failed (a server that declared
                    // a longer body, then dropped): there is nothing left to resume, and the digest check downstream
                    // judges the bytes. Resuming would ask for an empty range, which registries refuse.
                    return -1;
                }
                failure = e;
            }
            resume(failure);
        }
    }

    private void resume(IOException failure) throws IOException {
        closeQuietly(current);
        resumes++;
        if (resumes >= retrier.policy().maxAttempts()) {
            throw new RegistryException(what + ": connection lost at byte " + position
                    + (length >= 0 ? " of " + length : "") + ", gave up after " + (resumes - 1) + " resumes: "
                    + failure, 0, true, failure);
        }
        retrier.pauseAfter(resumes);
        current = reopener.openAt(position);
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

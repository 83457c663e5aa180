package dev.sociindex.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long a read of a response body may wait for bytes. {@code java.net.http} times out only until the
 * response headers arrive; a connection that stalls mid-body would block a layer download (and the Lambda) forever.
 * Each read arms a timer that closes the body when it fires, which wakes the blocked read; the read then fails with
 * a {@link RegistryNetworkException} that says so, and the caller's retry or resume takes over. Any other failure
 * of a read (a reset connection) becomes that type too.
 */
final class BodyIdleWatchdog implements AutoCloseable {
    private final Duration idleTimeout;
    private final ScheduledThreadPoolExecutor timers;

    BodyIdleWatchdog(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
        this.timers = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = Executors.defaultThreadFactory().newThread(runnable);
            thread.setName("registry-body-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
    }

    /** {@code body}, failing any read that waits longer than the idle timeout. */
    InputStream guard(InputStream body, String where) {
        return new Guarded(body, where);
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }

    private final class Guarded extends FilterInputStream {
        private final String where;
        private volatile boolean expired;

        Guarded(InputStream body, String where) {
            super(body);
            this.where = where;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            ScheduledFuture<?> timer = timers.schedule(this::expire, idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
            try {
                return in.read(buffer, offset, count);
            } catch (RegistryException e) {
                throw e;
            } catch (IOException e) {
                if (expired) {
                    throw stalled(e);
                }
                if (e.getClass() == InterruptedIOException.class) {
                    throw e; // this thread was interrupted: not a network failure, and not to be retried
                }
                // a reset or dropped connection, often a bare IOException from java.net.http: typed transient
                throw new RegistryNetworkException(where + ": reading the body failed: "
                        + RegistryTransport.networkProblem(e), e);
            } finally {
                timer.cancel(false);
                if (expired) {
                    // the body was closed under a read that may have returned a short or empty result
                    throw stalled(null);
                }
            }
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] scratch = new byte[(int) Math.min(Math.max(n, 0), 8192)];
            long skipped = 0;
            while (skipped < n) {
                int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        private void expire() {
            expired = true;
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is only a way to wake the blocked reader; the read reports the stall
            }
        }

        private RegistryNetworkException stalled(IOException cause) {
            return new RegistryNetworkException(where + ": no data for " + idleTimeout.toMillis()
                    + " ms, the connection stalled", cause);
        }
    }
}

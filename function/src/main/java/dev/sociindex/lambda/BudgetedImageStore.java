package dev.sociindex.lambda;

import dev.sociindex.store.ForwardingImageStore;
import dev.sociindex.store.ImageStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An {@link ImageStore} that checks the {@link TimeBudget} before each blob it opens, and while each blob is read.
 * Opening a blob is where the converter starts reading a layer, the expensive unit of work, so this gives the
 * converter a deadline check between layers without a change to the {@code Converter} interface; the checks while
 * reading stop a layer that would run into Lambda's hard timeout, which would skip all error handling. Writes are
 * not checked: each zTOC is pushed as its layer finishes, and stopping between small uploads gains nothing.
 */
final class BudgetedImageStore extends ForwardingImageStore {
    /** Bytes read between two looks at the clock: cheap next to inflating them, frequent enough to stop in time. */
    private static final long CHECK_EVERY_BYTES = 256L << 10;

    private final TimeBudget budget;

    BudgetedImageStore(ImageStore delegate, TimeBudget budget) {
        super(delegate);
        this.budget = budget;
    }

    @Override
    public InputStream openBlob(String digest, long expectedSize) throws IOException {
        budget.check("opening blob " + digest + " of " + delegate().description());
        long openedAt = budget.remainingMillis();
        return new FilterInputStream(delegate().openBlob(digest, expectedSize)) {
            private long read;
            private long nextCheck = CHECK_EVERY_BYTES;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    counted(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    counted(n);
                }
                return n;
            }

            private void counted(int n) throws IOException {
                read += n;
                if (read >= nextCheck) {
                    nextCheck = read + CHECK_EVERY_BYTES;
                    budget.checkLayer(digest, read, expectedSize, openedAt);
                }
            }
        };
    }
}

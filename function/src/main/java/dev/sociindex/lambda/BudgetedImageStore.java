package dev.sociindex.lambda;

import dev.sociindex.store.ForwardingImageStore;
import dev.sociindex.store.ImageStore;
import java.io.IOException;
import java.io.InputStream;

/**
 * An {@link ImageStore} that checks the {@link TimeBudget} before each blob it opens. Opening a blob is where the
 * converter starts reading a layer, the expensive unit of work, so this gives the converter a deadline check between
 * layers without a change to the {@code Converter} interface. Writes are not checked: once the layers are done the
 * remaining uploads are small, and stopping between them gains nothing.
 */
final class BudgetedImageStore extends ForwardingImageStore {
    private final TimeBudget budget;

    BudgetedImageStore(ImageStore delegate, TimeBudget budget) {
        super(delegate);
        this.budget = budget;
    }

    @Override
    public InputStream openBlob(String digest, long expectedSize) throws IOException {
        budget.check("opening blob " + digest + " of " + delegate().description());
        return delegate().openBlob(digest, expectedSize);
    }
}

package dev.sociindex.lambda;

import java.io.IOException;

/**
 * One layer needs more time than a whole invocation gives. Permanent: the retry resumes with the layers finished
 * before, but a layer is the unit of resumption, so it would stop in the same place; the DLQ record says why.
 */
public class LayerTooLongForInvocationException extends IOException {
    public LayerTooLongForInvocationException(String message) {
        super(message);
    }
}

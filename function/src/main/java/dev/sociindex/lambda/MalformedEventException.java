package dev.sociindex.lambda;

/** The invocation payload is not a usable ECR Image Action event. Permanent: the same bytes never parse. */
public class MalformedEventException extends IllegalArgumentException {
    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }

    public MalformedEventException(String message) {
        super(message);
    }
}

package dev.sociindex.convert;

/** Where a conversion reports what it is doing (the CLI prints it on a terminal; the Lambda logs it). */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener SILENT = message -> {
    };

    void message(String message);
}

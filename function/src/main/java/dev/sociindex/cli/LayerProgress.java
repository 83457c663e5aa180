package dev.sociindex.cli;

import dev.sociindex.convert.ProgressListener;
import dev.sociindex.store.ForwardingImageStore;
import dev.sociindex.store.ImageStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code convert} tells a person or a CI log while it works. It counts the bytes read from each source blob
 * (a wrapper around the source store) and follows the converter's "indexing"/"indexed" messages:
 * <ul>
 *   <li>{@link Mode#LINES} (stderr is not a terminal): one plain line when a layer starts and one when it ends,
 *       with digest, compressed size, MB/s and spans;</li>
 *   <li>{@link Mode#BAR} (a terminal): a status line redrawn in place with a bar per layer being read, bytes done of
 *       total, and the same end line per layer;</li>
 *   <li>{@link Mode#VERBOSE}: the end lines and every message of the converter as it is;</li>
 *   <li>{@link Mode#QUIET}: nothing.</li>
 * </ul>
 */
final class LayerProgress implements ProgressListener {
    enum Mode { QUIET, LINES, BAR, VERBOSE }

    private static final Pattern STARTED = Pattern.compile("indexing layer (sha256:[0-9a-f]{64}) \\([^)]*, (\\d+) bytes\\)");
    private static final Pattern COUNTS = Pattern.compile("\\d+ files, \\d+ spans");
    private static final Pattern ENDED = Pattern.compile("(indexed|skipped) (sha256:[0-9a-f]{64}): (.*)");
    private static final int BAR_WIDTH = 20;

    private record Layer(long size, long startNanos, AtomicLong read) {
    }

    private final Mode mode;
    private final PrintStream err;
    private final Map<String, Layer> active = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> bytesRead = new ConcurrentHashMap<>();
    private volatile boolean barShown;

    LayerProgress(Mode mode, PrintStream err) {
        this.mode = mode;
        this.err = err;
    }

    /** The mode the options and the terminal ask for. */
    static Mode mode(boolean quiet, boolean verbose, boolean json) {
        if (quiet || json) {
            return verbose && !json ? Mode.VERBOSE : Mode.QUIET;
        }
        if (verbose) {
            return Mode.VERBOSE;
        }
        return Terminal.interactive() ? Mode.BAR : Mode.LINES;
    }

    /** {@code source} with every blob read counted, for the bars and the speeds. */
    ImageStore counting(ImageStore source) {
        if (mode == Mode.QUIET) {
            return source;
        }
        return new ForwardingImageStore(source) {
            @Override
            public InputStream openBlob(String digest, long expectedSize) throws IOException {
                AtomicLong counter = bytesRead.computeIfAbsent(digest, d -> new AtomicLong());
                return new FilterInputStream(super.openBlob(digest, expectedSize)) {
                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        if (b >= 0) {
                            advance(counter, 1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = super.read(buffer, offset, length);
                        if (n > 0) {
                            advance(counter, n);
                        }
                        return n;
                    }
                };
            }
        };
    }

    @Override
    public synchronized void message(String message) {
        if (mode == Mode.QUIET) {
            return;
        }
        Matcher started = STARTED.matcher(message);
        Matcher ended = ENDED.matcher(message);
        if (started.lookingAt()) {
            String digest = started.group(1);
            long size = Long.parseLong(started.group(2));
            active.put(digest, new Layer(size, System.nanoTime(), bytesRead.computeIfAbsent(digest, d -> new AtomicLong())));
            if (mode == Mode.LINES) {
                err.println("layer " + shortDigest(digest) + " " + megabytes(size) + ": indexing");
            } else if (mode == Mode.VERBOSE) {
                err.println(message);
            }
        } else if (ended.matches()) {
            Layer layer = active.remove(ended.group(2));
            clearBar();
            err.println("layer " + shortDigest(ended.group(2)) + (layer == null ? "" : " " + megabytes(layer.size())) + ": "
                    + ended.group(1) + (layer == null ? "" : " in " + seconds(layer) + " (" + speed(layer) + ")") + ", "
                    + counts(ended.group(3)));
            drawBar();
        } else if (mode == Mode.VERBOSE) {
            clearBar();
            err.println(message);
        }
    }

    /** Ends the status line, so that what is printed next starts on a line of its own. */
    synchronized void finish() {
        clearBar();
    }

    private void advance(AtomicLong counter, int n) {
        long before = counter.getAndAdd(n);
        // redraw at most every 256 KiB per layer: a terminal is slow, and the bar does not change faster than that
        if (mode == Mode.BAR && (before >>> 18) != ((before + n) >>> 18)) {
            synchronized (this) {
                drawBar();
            }
        }
    }

    private void drawBar() {
        if (mode != Mode.BAR || active.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder("\r");
        for (Map.Entry<String, Layer> entry : active.entrySet()) {
            Layer layer = entry.getValue();
            long done = Math.min(layer.read().get(), layer.size());
            int filled = layer.size() == 0 ? BAR_WIDTH : (int) (done * BAR_WIDTH / layer.size());
            line.append(shortDigest(entry.getKey())).append(" [").append("#".repeat(filled))
                    .append(" ".repeat(BAR_WIDTH - filled)).append("] ").append(megabytesNumber(done)).append('/')
                    .append(megabytes(layer.size())).append("  ");
        }
        line.append("\u001b[K");
        err.print(line);
        err.flush();
        barShown = true;
    }

    private void clearBar() {
        if (barShown) {
            err.print("\r\u001b[K");
            err.flush();
            barShown = false;
        }
    }

    /** "12 files, 3 spans" of an indexed layer (the converter says more), or a skipped layer's reason. */
    private static String counts(String detail) {
        Matcher counts = COUNTS.matcher(detail);
        return counts.find() ? counts.group() : detail;
    }

    private static String shortDigest(String digest) {
        return digest.substring(0, Math.min(digest.length(), 19));
    }

    private static String megabytes(long bytes) {
        return megabytesNumber(bytes) + " MB";
    }

    private static String megabytesNumber(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
    }

    private static String seconds(Layer layer) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - layer.startNanos()) / 1e9);
    }

    private static String speed(Layer layer) {
        double seconds = Math.max((System.nanoTime() - layer.startNanos()) / 1e9, 1e-3);
        return String.format(Locale.ROOT, "%.1f MB/s", layer.read().get() / 1e6 / seconds);
    }
}

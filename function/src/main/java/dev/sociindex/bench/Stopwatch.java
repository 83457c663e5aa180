package dev.sociindex.bench;

/** Elapsed wall-clock seconds of one action. */
final class Stopwatch {
    private Stopwatch() {
    }

    interface Action {
        void run() throws Exception;
    }

    static double seconds(Action action) throws Exception {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1e9;
    }
}

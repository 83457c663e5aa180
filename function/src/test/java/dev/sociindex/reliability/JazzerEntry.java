package dev.sociindex.reliability;

/**
 * The same targets for Jazzer's coverage-guided driver (Jazzer resolves from the mirror but is not a project
 * dependency; this class needs none of its API):
 * {@code java -cp <test classpath>:jazzer-0.24.0.jar com.code_intelligence.jazzer.Jazzer
 * --target_class=dev.sociindex.reliability.JazzerEntry --jvm_args=-Dfuzz.target=GZIP --instrumentation_includes='dev.sociindex.**'
 * CORPUS_DIR}.
 */
public final class JazzerEntry {
    private static final FuzzTarget TARGET = FuzzTarget.valueOf(System.getProperty("fuzz.target", "GZIP"));

    private JazzerEntry() {
    }

    public static void fuzzerTestOneInput(byte[] input) throws Throwable {
        TARGET.run(input);
    }
}

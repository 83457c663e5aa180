package dev.sociindex.bench;

import dev.sociindex.convert.ConversionResult;
import dev.sociindex.convert.ConvertOptions;
import dev.sociindex.lambda.IndexerHandler;
import dev.sociindex.lambda.LambdaWiring;
import dev.sociindex.store.OciLayoutStore;
import java.nio.file.Path;

/**
 * The cold-start part's child process: constructs the Lambda handler as the runtime does (no-argument constructor,
 * configuration from the environment, AWS clients built but not called), then converts the sample image in the OCI
 * layout named by the first argument with the same converter the function uses. Prints a marker line after each
 * step; the parent times the lines' arrival from the moment it started the process.
 */
public final class ColdStartProbe {
    static final String MAIN = "coldstart-probe: main";
    static final String HANDLER = "coldstart-probe: handler constructed";
    static final String CONVERTED = "coldstart-probe: converted";
    static final String TAG = "sample";

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(MAIN);
        IndexerHandler handler = new IndexerHandler();
        System.out.println(HANDLER + " " + handler.getClass().getSimpleName());
        try (OciLayoutStore store = OciLayoutStore.open(Path.of(args[0]))) {
            ConversionResult result = LambdaWiring.converter().convert(store, TAG, store, ConvertOptions.defaults());
            if (result.status() != ConversionResult.Status.CONVERTED) {
                throw new IllegalStateException("the sample image was not converted: " + result.status());
            }
        }
        System.out.println(CONVERTED);
    }
}

package dev.sociindex.cache;

import dev.sociindex.files.FileTrees;
import dev.sociindex.convert.ConversionResult;
import dev.sociindex.convert.ConvertOptions;
import dev.sociindex.convert.ImageConverter;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.registry.RegistrySettings;
import dev.sociindex.registry.StoreLocator;
import dev.sociindex.bench.LocalRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints (does not assert) how long converting an image takes when its base layers were indexed before, against the
 * same image converted without the cache. Usage: {@code ZtocReuseBenchmark [baseLayerMiB] [baseLayers]}; run with
 * {@code mvn -pl function exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.sociindex.cache.ZtocReuseBenchmark}.
 */
public final class ZtocReuseBenchmark {
    private ZtocReuseBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        int layers = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path layout = SharedBaseImages.create(Files.createTempDirectory("reuse-bench").resolve("layout"), layers, mib << 20, 1);
        ConvertOptions options = new ConvertOptions(4 << 20, 0, List.of(), "-soci", null, 1, "soci-index-builder v0.1");
        try (LocalRegistry registry = LocalRegistry.start()) {
            for (String repository : List.of("base", "app", "app-uncached")) {
                registry.push(layout, "base", repository, "1.0");
                registry.push(layout, "app", repository, "2.0");
            }
            InMemoryZtocCache cache = new InMemoryZtocCache();
            ZtocReuse reuse = new ZtocReuse(cache, StoreOpener.of(new StoreLocator(CredentialsProvider.anonymous(),
                    RegistrySettings.defaults(), false)));
            long base = time(registry, "base", "1.0", new ImageConverter(m -> { }, reuse), options);
            long uncached = time(registry, "app-uncached", "2.0", new ImageConverter(), options);
            long cached = time(registry, "app", "2.0", new ImageConverter(m -> { }, reuse), options);
            System.out.printf("base image (%d layers of %d MiB + text), first conversion: %d ms%n", layers, mib, base);
            System.out.printf("app image (base + 1 small layer) without the cache:        %d ms%n", uncached);
            System.out.printf("app image (base + 1 small layer) reusing the base's zTOCs: %d ms (%.1fx faster)%n", cached,
                    (double) uncached / cached);
        } finally {
            FileTrees.deleteTree(layout.getParent());
        }
    }

    private static long time(LocalRegistry registry, String repository, String tag, ImageConverter converter, ConvertOptions options)
            throws IOException {
        try (RegistryImageStore store = registry.repository(repository)) {
            long start = System.nanoTime();
            ConversionResult result = converter.convert(store, tag, store, options);
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (result.status() != ConversionResult.Status.CONVERTED) {
                throw new IllegalStateException(repository + ":" + tag + " was " + result.status());
            }
            return ms;
        }
    }
}

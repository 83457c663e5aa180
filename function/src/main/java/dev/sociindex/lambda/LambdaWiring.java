package dev.sociindex.lambda;

import dev.sociindex.convert.Converter;
import dev.sociindex.convert.ImageConverter;
import dev.sociindex.registry.RegistryEndpoint;
import dev.sociindex.registry.RegistryImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine parts the deployed function and {@code soci-builder invoke} use: the registry client and the converter. */
public final class LambdaWiring {
    private static final Logger LOG = LoggerFactory.getLogger(ImageConverter.class);

    private LambdaWiring() {
    }

    public static StoreFactory storeFactory() {
        return (host, plainHttp, repository, credentials) ->
                RegistryImageStore.connect(new RegistryEndpoint(host, plainHttp), repository, credentials);
    }

    /** Converter progress (layer by layer) goes to the structured log. */
    public static Converter converter() {
        return new ImageConverter(LOG::info);
    }
}

package dev.sociindex.lambda;

import dev.sociindex.convert.Converter;
import dev.sociindex.registry.RegistryEndpoint;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.registry.RegistrySettings;

/** The engine parts the deployed function and {@code soci-builder invoke} use: the registry client and the converter. */
public final class LambdaWiring {

    private LambdaWiring() {
    }

    public static StoreFactory storeFactory() {
        return storeFactory(RegistrySettings.defaults());
    }

    /** With explicit client settings: tests use a short retry policy so that an unreachable registry fails fast. */
    public static StoreFactory storeFactory(RegistrySettings settings) {
        return (host, plainHttp, repository, credentials) ->
                RegistryImageStore.connect(new RegistryEndpoint(host, plainHttp), repository, credentials, settings);
    }

    /** Converter progress (layer by layer) goes to the structured log, with the invocation's context on every line. */
    public static Converter converter() {
        return new LoggingConverter();
    }
}

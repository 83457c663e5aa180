package dev.sociindex.lambda;

import dev.sociindex.convert.Converter;

/**
 * The engine parts the deployed function uses. The registry client and the converter are built on other branches;
 * until they are merged, the deployed handler cannot be constructed and says so at init, rather than failing on the
 * first event. Merging replaces these two bodies (e.g. with {@code RegistryImageStore.connect(new
 * RegistryEndpoint(host, plainHttp), repository, credentials)} and the converter's constructor).
 */
final class LambdaWiring {
    private LambdaWiring() {
    }

    static StoreFactory storeFactory() {
        throw new IllegalStateException("the registry client is not wired into the Lambda handler yet");
    }

    static Converter converter() {
        throw new IllegalStateException("the converter is not wired into the Lambda handler yet");
    }
}

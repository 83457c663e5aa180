package dev.sociindex.registry;

import java.io.IOException;

/**
 * The connection to a registry failed: refused, reset, timed out or stalled, while sending the request or reading
 * the body. Always transient. java.net.http reports several of these as a bare {@link IOException}; the transport
 * wraps them in this type so that callers decide by type, not by "it is an IOException".
 */
public final class RegistryNetworkException extends RegistryException {
    public RegistryNetworkException(String message, IOException cause) {
        super(message, 0, true, cause);
    }
}

package dev.sociindex.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.registry.CredentialsProvider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a cache entry's store description becomes the arguments the conversion's own store factory gets. */
class RecordedStoresTest {
    private record Opened(String host, boolean plainHttp, String repository, CredentialsProvider credentials) {
    }

    private final List<Opened> opened = new ArrayList<>();
    private final CredentialsProvider conversions = CredentialsProvider.anonymous();
    private final StoreFactory recording = (host, plainHttp, repository, credentials) -> {
        opened.add(new Opened(host, plainHttp, repository, credentials));
        return new MemoryImageStore(host + "/" + repository);
    };

    @Test
    void theConversionsRegistryKeepsItsSchemeAndEveryStoreGetsTheConversionsCredentials() throws IOException {
        RecordedStores overHttp = new RecordedStores(recording, RegistryAddress.parseOverride("http://registry.lan:5000"),
                conversions);
        overHttp.open("registry.lan:5000/team/app");
        overHttp.open("127.0.0.1:5001/other");
        overHttp.open("123456789012.dkr.ecr.eu-central-1.amazonaws.com/team/app");

        assertEquals(List.of(new Opened("registry.lan:5000", true, "team/app", conversions),
                new Opened("127.0.0.1:5001", true, "other", conversions),
                new Opened("123456789012.dkr.ecr.eu-central-1.amazonaws.com", false, "team/app", conversions)),
                opened);
    }

    @Test
    void aDescriptionThatIsNotHostAndRepositoryIsAnErrorNamingIt() {
        RecordedStores stores = new RecordedStores(recording, RegistryAddress.ecr("123456789012", "eu-central-1"),
                conversions);
        for (String bad : List.of("no-repository", "/leading-slash", "host/")) {
            IOException e = assertThrows(IOException.class, () -> stores.open(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertEquals(List.of(), opened);
    }
}

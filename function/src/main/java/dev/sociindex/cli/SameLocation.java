package dev.sociindex.cli;

import dev.sociindex.oci.ImageReference.ArchiveLocation;
import dev.sociindex.oci.ImageReference.LayoutLocation;
import dev.sociindex.oci.ImageReference.Location;
import dev.sociindex.oci.ImageReference.RegistryLocation;
import dev.sociindex.oci.RegistryEndpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Whether two locations are the same repository, layout or archive however they are spelled: registry hosts
 * compared case-insensitively with default ports dropped and Docker Hub's three names folded into one; layout and
 * archive paths compared as canonical paths (symbolic links resolved where the path exists).
 */
final class SameLocation {
    private static final Set<String> DOCKER_HUB = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

    private SameLocation() {
    }

    static boolean same(Location a, Location b) {
        return switch (a) {
            case RegistryLocation r when b instanceof RegistryLocation s ->
                    host(r.endpoint()).equals(host(s.endpoint())) && r.repository().equals(s.repository());
            case LayoutLocation l when b instanceof LayoutLocation m -> canonical(l.directory()).equals(canonical(m.directory()));
            case ArchiveLocation l when b instanceof ArchiveLocation m -> canonical(l.file()).equals(canonical(m.file()));
            default -> false;
        };
    }

    /** {@code host[:port]} lower-cased, without the scheme's default port, Docker Hub as {@code docker.io}. */
    static String host(RegistryEndpoint endpoint) {
        String host = endpoint.host().toLowerCase(Locale.ROOT);
        String name = endpoint.hostName().toLowerCase(Locale.ROOT);
        String defaultPort = endpoint.plainHttp() ? ":80" : ":443";
        if (host.equals(name + defaultPort)) {
            host = name;
        }
        return DOCKER_HUB.contains(host) ? "docker.io" : host;
    }

    private static Path canonical(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath();
        } catch (IOException missing) {
            // a destination that does not exist yet: resolve what does exist of its parents
            Path parent = absolute.getParent();
            return parent == null ? absolute : canonical(parent).resolve(absolute.getFileName());
        }
    }
}

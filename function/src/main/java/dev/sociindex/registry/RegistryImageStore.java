package dev.sociindex.registry;

import dev.sociindex.oci.RegistryEndpoint;
import dev.sociindex.bytes.ByteSource;

import dev.sociindex.store.ImageStore;

import dev.sociindex.oci.BlobNotFoundException;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.oci.Names;

import dev.sociindex.oci.Digests;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One repository of an OCI distribution registry (ECR included), spoken to over plain HTTP(S). Uploads are always
 * monolithic (POST, then one PUT with the digest) because ECR drops chunks of chunked uploads; a mount answered
 * with 202 is completed as an upload, as ECR does that for blobs no manifest of the source references.
 */
public final class RegistryImageStore implements ImageStore {
    private static final String ACCEPT_MANIFESTS = String.join(", ", MediaTypes.MANIFEST_TYPES);
    private static final int TAGS_PAGE_LIMIT = 16 << 20;
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]*)>\\s*;[^,]*rel=\"?next\"?");

    private final RegistryClient client;
    private final String repository;
    private final boolean ownsClient;
    private final RegistryTransport transport;
    private final Retrier retrier;

    RegistryImageStore(RegistryClient client, String repository, boolean ownsClient) {
        this.client = client;
        this.repository = repository;
        this.ownsClient = ownsClient;
        this.transport = client.transport();
        this.retrier = client.retrier();
    }

    /** A repository with its own client (closed with the store) and default settings. */
    public static RegistryImageStore connect(RegistryEndpoint endpoint, String repository,
                                             CredentialsProvider credentials) {
        return connect(endpoint, repository, credentials, RegistrySettings.defaults());
    }

    public static RegistryImageStore connect(RegistryEndpoint endpoint, String repository,
                                             CredentialsProvider credentials, RegistrySettings settings) {
        Names.requireRepository(repository);
        return new RegistryImageStore(RegistryClient.connect(endpoint, credentials, settings), repository, true);
    }

    public RegistryEndpoint endpoint() {
        return client.endpoint();
    }

    public String repository() {
        return repository;
    }

    @Override
    public String description() {
        return client.endpoint().host() + "/" + repository;
    }

    @Override
    public Optional<ManifestData> getManifest(String reference) throws IOException {
        String ref = Names.requireReference(reference);
        URI uri = v2("manifests/" + ref);
        String what = "manifest " + ref + " of " + description();
        return retrier.run("GET " + what, () -> {
            HttpResponse<InputStream> response =
                    transport.exchange(RegistryRequest.get(uri, Map.of("Accept", ACCEPT_MANIFESTS), pullAccess()));
            if (response.statusCode() == 404) {
                ResponseBodies.discard(response);
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw transport.failure(response, "GET");
            }
            byte[] bytes = ResponseBodies.readBounded(response, client.settings().maxManifestBytes(), what);
            String digest = Digests.sha256(bytes);
            if (Digests.isDigest(ref) && !ref.equals(digest)) {
                throw new RegistryException(what + ": the registry sent bytes whose digest is " + digest, 200, false,
                        null);
            }
            String mediaType = MediaTypes.resolve(response.headers().firstValue("Content-Type").orElse(null), bytes,
                    client.json());
            return Optional.of(new ManifestData(bytes, mediaType, digest));
        });
    }

    /**
     * The digest a tag or digest currently resolves to, by HEAD (cheap; used to check whether an output tag exists
     * before pushing to a repository with immutable tags). Falls back to a GET when the registry omits
     * {@code Docker-Content-Digest}.
     */
    public Optional<String> resolveDigest(String reference) throws IOException {
        String ref = Names.requireReference(reference);
        URI uri = v2("manifests/" + ref);
        HeadResult head = retrier.run("HEAD manifest " + ref + " of " + description(), () -> {
            HttpResponse<InputStream> response =
                    transport.exchange(RegistryRequest.head(uri, Map.of("Accept", ACCEPT_MANIFESTS), pullAccess()));
            ResponseBodies.discard(response);
            return switch (response.statusCode()) {
                case 200 -> new HeadResult(true, response.headers().firstValue("Docker-Content-Digest"));
                case 404 -> new HeadResult(false, Optional.empty());
                default -> throw transport.failure(response, "HEAD");
            };
        });
        if (!head.found()) {
            return Optional.empty();
        }
        return head.digest().isPresent() ? head.digest() : getManifest(ref).map(ManifestData::digest);
    }

    private record HeadResult(boolean found, Optional<String> digest) {
    }

    @Override
    public InputStream openBlob(String digest, long expectedSize) throws IOException {
        Digests.requireSha256(digest);
        String what = "blob " + digest + " of " + description();
        HttpResponse<InputStream> first = blobResponse(digest, 0, what);
        long length = expectedSize >= 0 ? expectedSize
                : first.headers().firstValueAsLong("Content-Length").orElse(-1);
        return new ResumableBlobStream(what, first.body(), length,
                offset -> blobResponse(digest, offset, what).body(), retrier);
    }

    /**
     * One {@code Range: bytes=A-B} GET for exactly the bytes asked for, as the snapshotter fetches spans; a registry
     * that ignores the range (200) or answers another range is an error, never a silent download of the whole blob.
     */
    @Override
    public InputStream openBlobRange(String digest, long offset, long length) throws IOException {
        Digests.requireSha256(digest);
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("bad range " + offset + "+" + length + " of blob " + digest);
        }
        String what = "blob " + digest + " of " + description();
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        URI uri = v2("blobs/" + digest);
        HttpResponse<InputStream> response = retrier.run("GET " + range + " of " + what, () -> {
            HttpResponse<InputStream> r = transport.exchange(RegistryRequest.get(uri, Map.of("Range", range), pullAccess()));
            if (r.statusCode() == 206 || r.statusCode() == 200) {
                return r;
            }
            if (r.statusCode() == 404) {
                ResponseBodies.discard(r);
                throw new BlobNotFoundException(description(), digest);
            }
            throw transport.failure(r, "GET");
        });
        String contentRange = response.headers().firstValue("Content-Range").orElse("");
        if (response.statusCode() != 206 || !contentRange.startsWith("bytes " + offset + "-" + (offset + length - 1) + "/")) {
            ResponseBodies.discard(response);
            throw new RegistryException("GET " + what + " with Range " + range + " answered " + response.statusCode()
                    + " with Content-Range '" + contentRange + "', not that range", response.statusCode(), false, null);
        }
        return response.body();
    }

    /** GET of a blob from {@code offset} on, following redirects (without Authorization to other origins). */
    private HttpResponse<InputStream> blobResponse(String digest, long offset, String what) throws IOException {
        URI uri = v2("blobs/" + digest);
        Map<String, String> headers = offset == 0 ? Map.of() : Map.of("Range", "bytes=" + offset + "-");
        HttpResponse<InputStream> response = retrier.run("GET " + what, () -> {
            HttpResponse<InputStream> r = transport.exchange(RegistryRequest.get(uri, headers, pullAccess()));
            int status = r.statusCode();
            if (status == 200 || status == 206) {
                return r;
            }
            if (status == 404) {
                ResponseBodies.discard(r);
                throw new BlobNotFoundException(description(), digest);
            }
            throw transport.failure(r, "GET");
        });
        if (offset == 0) {
            return response;
        }
        int status = response.statusCode();
        String contentRange = response.headers().firstValue("Content-Range").orElse("");
        if (status != 206) {
            ResponseBodies.discard(response);
            throw new RegistryException("GET " + what + " ignored the Range request (answered " + status
                    + ", not 206): cannot resume the download at byte " + offset, status, true, null);
        }
        if (!contentRange.startsWith("bytes " + offset + "-")) {
            ResponseBodies.discard(response);
            throw new RegistryException("GET " + what + " answered Content-Range '" + contentRange
                    + "' to a request for bytes " + offset + "-", status, false, null);
        }
        return response;
    }

    @Override
    public boolean blobExists(String digest) throws IOException {
        URI uri = v2("blobs/" + Digests.requireSha256(digest));
        return retrier.run("HEAD blob " + digest + " of " + description(), () -> {
            HttpResponse<InputStream> response = transport.exchange(RegistryRequest.head(uri, Map.of(), pullAccess()));
            ResponseBodies.discard(response);
            return switch (response.statusCode()) {
                // a redirect points at the blob's storage: the blob is there
                case 200, 302, 307 -> true;
                case 404 -> false;
                default -> throw transport.failure(response, "HEAD");
            };
        });
    }

    @Override
    public void putBlob(String digest, byte[] content) throws IOException {
        Digests.requireSha256(digest);
        String actual = Digests.sha256(content);
        if (!actual.equals(digest)) {
            throw new IllegalArgumentException("blob content has digest " + actual + ", not the given " + digest);
        }
        if (blobExists(digest)) {
            return;
        }
        upload(digest, () -> BodyPublishers.ofByteArray(content));
    }

    /** Streamed with a Content-Length, never held in memory; the registry checks the digest on the final PUT. */
    @Override
    public void putBlob(String digest, ByteSource content) throws IOException {
        Digests.requireSha256(digest);
        if (blobExists(digest)) {
            return;
        }
        try (StreamingBody body = new StreamingBody(content::open, content.size())) {
            upload(digest, body::publisher);
        }
    }

    @Override
    public void copyBlobFrom(ImageStore source, String digest, long size) throws IOException {
        Digests.requireSha256(digest);
        if (blobExists(digest)) {
            return;
        }
        if (source instanceof RegistryImageStore other && other.endpoint().equals(endpoint())) {
            mountOrCopy(other, digest, size);
            return;
        }
        try (StreamingBody body = new StreamingBody(() -> source.openBlob(digest, size), size)) {
            upload(digest, body::publisher);
        }
    }

    /** A cross-repository mount; a 202 answer opens an upload session, which is then completed with the bytes. */
    private void mountOrCopy(RegistryImageStore source, String digest, long size) throws IOException {
        URI uri = v2("blobs/uploads/?mount=" + encode(digest) + "&from=" + encode(source.repository()));
        String access = pushAccess() + " repository:" + source.repository() + ":pull";
        retrier.run("mount blob " + digest + " from " + source.repository() + " into " + description(), () -> {
            HttpResponse<InputStream> response = transport.exchange(RegistryRequest.post(uri, access));
            if (response.statusCode() == 201) {
                ResponseBodies.discard(response);
                return null;
            }
            if (response.statusCode() != 202) {
                throw transport.failure(response, "POST");
            }
            URI session = uploadLocation(response);
            try (StreamingBody body = new StreamingBody(() -> source.openBlob(digest, size), size)) {
                completeUpload(session, digest, body::publisher);
            }
            return null;
        });
    }

    /**
     * POST then one monolithic PUT. Retried as a whole: after a failed PUT the session may hold part of the bytes,
     * so a retry starts a new session instead of repeating the PUT.
     */
    private void upload(String digest, Supplier<BodyPublisher> body) throws IOException {
        retrier.run("upload of blob " + digest + " to " + description(), () -> {
            HttpResponse<InputStream> response =
                    transport.exchange(RegistryRequest.post(v2("blobs/uploads/"), pushAccess()));
            if (response.statusCode() != 202) {
                throw transport.failure(response, "POST");
            }
            completeUpload(uploadLocation(response), digest, body);
            return null;
        });
    }

    private URI uploadLocation(HttpResponse<InputStream> response) throws IOException {
        String location = response.headers().firstValue("Location").orElse(null);
        ResponseBodies.discard(response);
        if (location == null || location.isBlank()) {
            throw new RegistryException(ResponseBodies.describe("POST", response.uri())
                    + " opened an upload session without a Location header", response.statusCode(), false, null);
        }
        // Location may be relative (distribution) or absolute (ECR); both resolve against the request.
        return response.uri().resolve(location);
    }

    private void completeUpload(URI session, String digest, Supplier<BodyPublisher> body) throws IOException {
        String separator = session.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(session + separator + "digest=" + encode(digest));
        HttpResponse<InputStream> response = transport.exchange(
                RegistryRequest.put(put, "application/octet-stream", body, pushAccess()));
        if (response.statusCode() != 201) {
            throw transport.failure(response, "PUT");
        }
        ResponseBodies.discard(response);
        requireDigestHeader(response, digest, "blob");
    }

    @Override
    public void putManifest(String reference, ManifestData manifest) throws IOException {
        String ref = Names.requireReference(reference);
        String actual = Digests.sha256(manifest.bytes());
        if (!actual.equals(manifest.digest())) {
            throw new IllegalArgumentException("manifest bytes have digest " + actual + ", not the declared "
                    + manifest.digest());
        }
        if (Digests.isDigest(ref) && !ref.equals(actual)) {
            throw new IllegalArgumentException("cannot store manifest " + actual + " under digest " + ref);
        }
        URI uri = v2("manifests/" + ref);
        byte[] bytes = manifest.bytes();
        retrier.run("PUT manifest " + ref + " to " + description(), () -> {
            HttpResponse<InputStream> response = transport.exchange(
                    RegistryRequest.put(uri, manifest.mediaType(), () -> BodyPublishers.ofByteArray(bytes),
                            pushAccess()));
            if (response.statusCode() != 201) {
                RegistryException failure = transport.failure(response, "PUT");
                if (failure.status() == 400 && failure.getMessage().contains("BLOB_UNKNOWN")) {
                    // What the manifest references was pushed just before: a registry may not show it yet (ECR is
                    // eventually consistent; distribution briefly hides content that a concurrent push of the same
                    // bytes is rewriting). Retried, and if it is really missing the last attempt says so.
                    throw new RegistryException(failure.getMessage(), 400, true, null);
                }
                throw failure;
            }
            ResponseBodies.discard(response);
            requireDigestHeader(response, actual, "manifest");
            return null;
        });
    }

    @Override
    public List<String> listTags() throws IOException {
        List<String> tags = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        Optional<URI> next = Optional.of(v2("tags/list?n=" + client.settings().tagsPageSize()));
        while (next.isPresent() && seen.add(next.get())) {
            URI page = next.get();
            boolean firstPage = seen.size() == 1;
            TagsPage result = retrier.run("GET tags of " + description(), () -> {
                HttpResponse<InputStream> response = transport.exchange(
                        RegistryRequest.get(page, Map.of("Accept", "application/json"), pullAccess()));
                if (response.statusCode() == 404 && firstPage) {
                    ResponseBodies.discard(response); // the repository does not exist yet: no tags
                    return new TagsPage(List.of(), Optional.empty());
                }
                if (response.statusCode() != 200) {
                    throw transport.failure(response, "GET");
                }
                JsonNode body = client.json().readTree(
                        ResponseBodies.readBounded(response, TAGS_PAGE_LIMIT, "tags of " + description()));
                List<String> pageTags = new ArrayList<>();
                body.path("tags").forEach(tag -> pageTags.add(tag.asText()));
                return new TagsPage(pageTags, nextLink(response));
            });
            tags.addAll(result.tags());
            next = result.next();
        }
        return tags;
    }

    private record TagsPage(List<String> tags, Optional<URI> next) {
    }

    private static Optional<URI> nextLink(HttpResponse<InputStream> response) {
        for (String link : response.headers().allValues("Link")) {
            Matcher matcher = NEXT_LINK.matcher(link);
            if (matcher.find()) {
                return Optional.of(response.uri().resolve(matcher.group(1)));
            }
        }
        return Optional.empty();
    }

    private void requireDigestHeader(HttpResponse<InputStream> response, String expected, String kind)
            throws RegistryException {
        Optional<String> stored = response.headers().firstValue("Docker-Content-Digest");
        if (stored.isPresent() && !stored.get().equals(expected)) {
            throw new RegistryException(ResponseBodies.describe("PUT", response.uri()) + ": the registry stored the "
                    + kind + " as " + stored.get() + ", expected " + expected, response.statusCode(), false, null);
        }
    }

    private URI v2(String rest) {
        return URI.create(client.endpoint().baseUri() + "/v2/" + repository + "/" + rest);
    }

    private String pullAccess() {
        return "repository:" + repository + ":pull";
    }

    private String pushAccess() {
        return "repository:" + repository + ":pull,push";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}

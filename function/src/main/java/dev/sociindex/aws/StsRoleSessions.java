package dev.sociindex.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * STS {@code AssumeRole} over its Query protocol (form POST, XML answer), signed with the SDK's SigV4 signer. Written
 * against the protocol rather than with the SDK's STS client so that the function needs no further SDK module for one
 * call; the regional endpoint keeps the call inside the function's region.
 */
public final class StsRoleSessions implements RoleSessions {
    private static final Duration SESSION_LENGTH = Duration.ofHours(1);

    private final URI endpoint;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public StsRoleSessions(URI endpoint, String region, AwsCredentialsProvider credentials) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
    }

    /** The regional endpoint, {@code https://sts.REGION.amazonaws.com[.cn]}. */
    public static StsRoleSessions forRegion(String region, AwsCredentialsProvider credentials) {
        String domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        return new StsRoleSessions(URI.create("https://sts." + region + "." + domain + "/"), region, credentials);
    }

    @Override
    public Session assume(String roleArn, String sessionName) throws IOException {
        byte[] body = ("Action=AssumeRole&Version=2011-06-15&RoleArn=" + encode(roleArn) + "&RoleSessionName=" + encode(sessionName)
                + "&DurationSeconds=" + SESSION_LENGTH.toSeconds()).getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity((AwsCredentialsIdentity) credentials.resolveCredentials())
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while assuming role " + roleArn, e);
        }
        String what = "STS AssumeRole of " + roleArn + " at " + endpoint;
        Document xml = parse(response.body(), what);
        if (response.statusCode() != 200) {
            throw new IOException(what + " answered " + response.statusCode() + ": " + text(xml, "Code") + ": " + text(xml, "Message"));
        }
        try {
            return new Session(required(xml, "AccessKeyId", what), required(xml, "SecretAccessKey", what),
                    required(xml, "SessionToken", what), Instant.parse(required(xml, "Expiration", what)));
        } catch (DateTimeParseException e) {
            throw new IOException(what + ": Expiration is not an ISO-8601 instant: " + e.getParsedString(), e);
        }
    }

    private static Document parse(byte[] body, String what) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(what + ": the answer is not XML: " + e.getMessage(), e);
        }
    }

    private static String required(Document xml, String element, String what) throws IOException {
        String value = text(xml, element);
        if (value.isEmpty()) {
            throw new IOException(what + ": the answer has no " + element);
        }
        return value;
    }

    private static String text(Document xml, String element) {
        NodeList nodes = xml.getElementsByTagName(element);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

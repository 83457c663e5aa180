package dev.sociindex.aws;

import dev.sociindex.backfill.ImageCatalog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.TagStatus;

/**
 * The repositories and tags of one private ECR registry, from {@code DescribeRepositories} and
 * {@code DescribeImages} (tagged images only), both paginated. Only listing happens here; images are read through
 * the registry API like any other.
 */
public final class EcrCatalog implements ImageCatalog {
    private final EcrClient ecr;
    private final String registryId;

    /** @param registryId the 12-digit account of the registry */
    public EcrCatalog(EcrClient ecr, String registryId) {
        this.ecr = ecr;
        this.registryId = registryId;
    }

    /** The catalog of registry {@code account} in {@code region}, read with the AWS SDK's default credentials chain. */
    public static EcrCatalog withDefaultCredentials(String account, String region) {
        EcrClient client = EcrClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .build();
        return new EcrCatalog(client, account);
    }

    @Override
    public List<String> repositories() throws IOException {
        try {
            List<String> names = new ArrayList<>();
            ecr.describeRepositoriesPaginator(r -> r.registryId(registryId)).repositories().stream()
                    .map(Repository::repositoryName).forEach(names::add);
            return names;
        } catch (SdkException e) {
            throw AwsCallException.of("ECR DescribeRepositories of registry " + registryId, e);
        }
    }

    @Override
    public List<String> tags(String repository) throws IOException {
        try {
            List<String> tags = new ArrayList<>();
            ecr.describeImagesPaginator(r -> r.registryId(registryId).repositoryName(repository)
                            .filter(f -> f.tagStatus(TagStatus.TAGGED)))
                    .imageDetails().stream().map(ImageDetail::imageTags).forEach(tags::addAll);
            return tags;
        } catch (SdkException e) {
            throw AwsCallException.of("ECR DescribeImages of " + registryId + "/" + repository, e);
        }
    }
}

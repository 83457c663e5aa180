package dev.sociindex.registry;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A private ECR registry host, {@code ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn]}, taken apart. */
public record EcrRegistryHost(String account, String region) {
    private static final Pattern HOST =
            Pattern.compile("([0-9]{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?(?::443)?");

    public static Optional<EcrRegistryHost> parse(String host) {
        Matcher matcher = HOST.matcher(host);
        return matcher.matches() ? Optional.of(new EcrRegistryHost(matcher.group(1), matcher.group(2))) : Optional.empty();
    }
}

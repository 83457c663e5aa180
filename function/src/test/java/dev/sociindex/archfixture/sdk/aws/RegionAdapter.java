package dev.sociindex.archfixture.sdk.aws;

import software.amazon.awssdk.regions.Region;

/** The control: an AWS adapter may use the SDK. */
public final class RegionAdapter {
    public Region region() {
        return Region.US_EAST_1;
    }
}

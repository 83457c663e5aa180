package dev.sociindex.archfixture.sdk.convert;

import software.amazon.awssdk.regions.Region;

/** A flow that reaches for an AWS SDK type: breaks "only aws and lambda use AWS types". */
public final class RegionPicker {
    public Region region() {
        return Region.EU_WEST_1;
    }
}

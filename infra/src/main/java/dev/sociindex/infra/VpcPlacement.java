package dev.sociindex.infra;

import java.util.List;

/**
 * Runs the function inside existing subnets. The VPC must already reach ECR (interface endpoints
 * {@code ecr.api} and {@code ecr.dkr}, plus the S3 gateway endpoint for layer downloads), EventBridge and SQS,
 * through endpoints or a NAT gateway: the stack creates none of these because they are shared network
 * infrastructure that belongs to the account owner.
 *
 * @param securityGroupIds may be empty: CDK then creates a security group with outbound access only
 */
public record VpcPlacement(String vpcId, List<String> subnetIds, List<String> securityGroupIds) {
    /** EC2 ids carry 8 (older) or 17 hexadecimal digits after the prefix. */
    private static final String HEX_ID = "-([0-9a-f]{8}|[0-9a-f]{17})";

    public VpcPlacement {
        subnetIds = List.copyOf(subnetIds);
        securityGroupIds = List.copyOf(securityGroupIds);
        if (!vpcId.matches("vpc" + HEX_ID)) {
            throw new IllegalArgumentException("vpcId '" + vpcId + "' is not a VPC id (vpc- and 8 or 17 hex digits)");
        }
        if (subnetIds.isEmpty()) {
            throw new IllegalArgumentException("vpcId '" + vpcId + "' is set but no subnetIds are: name the private subnets the function runs in");
        }
        for (String subnet : subnetIds) {
            if (!subnet.matches("subnet" + HEX_ID)) {
                throw new IllegalArgumentException("subnetIds: '" + subnet + "' is not a subnet id (subnet- and 8 or 17 hex digits)");
            }
        }
        for (String group : securityGroupIds) {
            if (!group.matches("sg" + HEX_ID)) {
                throw new IllegalArgumentException("securityGroupIds: '" + group + "' is not a security group id (sg- and 8 or 17 hex digits)");
            }
        }
    }
}

package dev.sociindex.infra;

import java.util.Arrays;
import java.util.stream.Collectors;
import software.amazon.awscdk.services.lambda.Architecture;

/** The instruction sets Lambda offers; the shaded jar is pure Java, so both run the same artifact. */
public enum LambdaArchitecture {
    ARM_64("arm64"),
    X86_64("x86_64");

    private final String lambdaName;

    LambdaArchitecture(String lambdaName) {
        this.lambdaName = lambdaName;
    }

    /** The name Lambda and the CDK context use ({@code arm64}, {@code x86_64}). */
    public String lambdaName() {
        return lambdaName;
    }

    Architecture toCdk() {
        return this == ARM_64 ? Architecture.ARM_64 : Architecture.X86_64;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static LambdaArchitecture parse(String name) {
        return Arrays.stream(values())
                .filter(a -> a.lambdaName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("architecture '" + name + "' is not one of "
                        + Arrays.stream(values()).map(LambdaArchitecture::lambdaName).collect(Collectors.joining(", "))));
    }
}

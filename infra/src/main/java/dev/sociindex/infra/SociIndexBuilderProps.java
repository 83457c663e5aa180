package dev.sociindex.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * @param settings     what the operator chose (usually read from the CDK context)
 * @param functionCode the function's deployment package: the shaded jar in the app, any small zip or folder in
 *                     tests (synthesis only stages it, nothing runs it)
 */
public record SociIndexBuilderProps(IndexerSettings settings, Path functionCode) {
    public SociIndexBuilderProps {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(functionCode, "functionCode");
        if (!Files.exists(functionCode)) {
            throw new IllegalArgumentException("the function's code " + functionCode.toAbsolutePath()
                    + " does not exist: run ./build jar first (it builds function/target/soci-index-builder-function.jar)");
        }
    }
}

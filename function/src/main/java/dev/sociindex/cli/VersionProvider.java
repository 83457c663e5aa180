package dev.sociindex.cli;

import dev.sociindex.contract.Defaults;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code --version}: the project version (filtered into a resource at build time) and the build tool identifier. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        return new String[] {"soci-builder " + projectVersion(), "build tool identifier: " + Defaults.BUILD_TOOL_IDENTIFIER};
    }

    static String projectVersion() throws IOException {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IOException("version.properties is missing from the CLI's classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        }
    }
}

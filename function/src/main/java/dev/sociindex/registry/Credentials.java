package dev.sociindex.registry;

/** HTTP basic credentials for a registry; ECR's are {@code AWS} and a token from GetAuthorizationToken. */
public record Credentials(String username, String password) {
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}

package dev.sociindex.registry;

/**
 * Credentials for a registry: a user and password for HTTP Basic or a token service's GET (ECR's are {@code AWS} and
 * a token from GetAuthorizationToken), or, with the user {@link #IDENTITY_TOKEN_USER} as Docker writes it, an
 * identity token (an OAuth2 refresh token, as {@code az acr login} keeps) that a token service exchanges by POST.
 */
public record Credentials(String username, String password) {
    /** The user name Docker and its credential helpers give an identity token under. */
    public static final String IDENTITY_TOKEN_USER = "<token>";

    public static Credentials identityToken(String token) {
        return new Credentials(IDENTITY_TOKEN_USER, token);
    }

    public boolean isIdentityToken() {
        return IDENTITY_TOKEN_USER.equals(username);
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}

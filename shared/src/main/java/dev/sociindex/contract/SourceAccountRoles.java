package dev.sociindex.contract;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which IAM role the function assumes to reach the registry of another account whose pushes are forwarded to it:
 * {@code account=roleArn,...}. The stack lets exactly these accounts put events on its bus and the function assume
 * exactly these roles; the function picks the role by the event's {@code account}.
 */
public record SourceAccountRoles(Map<String, String> roles) {
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::([0-9]{12}):role/[\\w+=,.@/-]{1,512}");

    public SourceAccountRoles {
        roles = Map.copyOf(new LinkedHashMap<>(roles));
    }

    public static SourceAccountRoles none() {
        return new SourceAccountRoles(Map.of());
    }

    /**
     * Parses {@code "111111111111=arn:aws:iam::111111111111:role/soci-reader,..."}; empty text means none.
     *
     * @throws IllegalArgumentException naming the entry that is wrong
     */
    public static SourceAccountRoles parse(String text) {
        Map<String, String> roles = new LinkedHashMap<>();
        for (String raw : text.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("source account role '" + entry + "' must be ACCOUNT=ROLE_ARN");
            }
            String account = entry.substring(0, eq).strip();
            String role = entry.substring(eq + 1).strip();
            if (!ACCOUNT.matcher(account).matches()) {
                throw new IllegalArgumentException("source account role '" + entry + "': '" + account + "' is not a 12-digit account id");
            }
            Matcher arn = ROLE_ARN.matcher(role);
            if (!arn.matches()) {
                throw new IllegalArgumentException("source account role '" + entry + "': '" + role + "' is not an IAM role ARN");
            }
            if (!arn.group(1).equals(account)) {
                throw new IllegalArgumentException("source account role '" + entry + "': the role belongs to account " + arn.group(1)
                        + ", not " + account + " (the role must be in the account whose registry it opens)");
            }
            if (roles.put(account, role) != null) {
                throw new IllegalArgumentException("source account " + account + " is listed twice");
            }
        }
        return new SourceAccountRoles(roles);
    }

    public Optional<String> roleFor(String account) {
        return Optional.ofNullable(roles.get(account));
    }

    public boolean isEmpty() {
        return roles.isEmpty();
    }

    /** The text {@link #parse} reads, in a stable (sorted) order. */
    @Override
    public String toString() {
        return String.join(",", roles.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
}

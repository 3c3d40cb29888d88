package dev.channels.it.secured;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Map;
import java.util.Set;

/**
 * The application's identity store: two fixed users, for the test. {@link #ALICE} is in group
 * {@code member} (the role of the same name), {@link #BOB} in no group. Stateless.
 */
@ApplicationScoped
public class SampleUsers implements IdentityStore {

    /** A user with the role {@code member}. */
    public static final String ALICE = "alice";
    /** A user without a role. */
    public static final String BOB = "bob";

    private static final Map<String, String> PASSWORDS = Map.of(ALICE, password(ALICE), BOB, password(BOB));
    private static final Map<String, Set<String>> GROUPS = Map.of(ALICE, Set.of(SecuredApplication.MEMBER), BOB, Set.of());

    /** The test password of {@code user}. */
    public static String password(String user) {
        return user + "-secret";
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (credential instanceof UsernamePasswordCredential login) {
            String expected = PASSWORDS.get(login.getCaller());
            if (expected != null && login.compareTo(login.getCaller(), expected)) {
                return new CredentialValidationResult(login.getCaller(), GROUPS.get(login.getCaller()));
            }
            return CredentialValidationResult.INVALID_RESULT;
        }
        return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
}

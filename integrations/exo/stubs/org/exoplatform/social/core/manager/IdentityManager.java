package org.exoplatform.social.core.manager;
import org.exoplatform.social.core.identity.model.Identity;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public interface IdentityManager {
  Identity getOrCreateUserIdentity(String username);
}

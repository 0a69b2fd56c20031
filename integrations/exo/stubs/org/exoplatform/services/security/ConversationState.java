package org.exoplatform.services.security;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class ConversationState {
  public static ConversationState getCurrent() { throw new UnsupportedOperationException("stub"); }
  public Identity getIdentity() { throw new UnsupportedOperationException("stub"); }
}

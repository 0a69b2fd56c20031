package org.exoplatform.social.core.identity.model;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class Identity {
  public Profile getProfile() { throw new UnsupportedOperationException("stub"); }
  public boolean isDeleted() { throw new UnsupportedOperationException("stub"); }
  public boolean isEnable() { throw new UnsupportedOperationException("stub"); }
}

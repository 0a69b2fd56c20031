package org.exoplatform.services.security;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class Identity {
  public String getUserId() { throw new UnsupportedOperationException("stub"); }
}

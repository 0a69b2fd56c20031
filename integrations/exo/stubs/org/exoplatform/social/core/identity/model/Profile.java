package org.exoplatform.social.core.identity.model;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class Profile {
  public String getFullName() { throw new UnsupportedOperationException("stub"); }
  public Object getProperty(String name) { throw new UnsupportedOperationException("stub"); }
}

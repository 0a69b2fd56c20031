package org.exoplatform.social.core.space.model;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class Space {
  public String getId() { throw new UnsupportedOperationException("stub"); }
  public String getGroupId() { throw new UnsupportedOperationException("stub"); }
  public String getPrettyName() { throw new UnsupportedOperationException("stub"); }
  public String getDisplayName() { throw new UnsupportedOperationException("stub"); }
}

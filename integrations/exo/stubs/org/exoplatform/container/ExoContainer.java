package org.exoplatform.container;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class ExoContainer {
  public <T> T getComponentInstanceOfType(Class<T> type) { throw new UnsupportedOperationException("stub"); }
}

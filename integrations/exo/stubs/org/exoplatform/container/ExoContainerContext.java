package org.exoplatform.container;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public final class ExoContainerContext {
  public static ExoContainer getCurrentContainer() { throw new UnsupportedOperationException("stub"); }
}

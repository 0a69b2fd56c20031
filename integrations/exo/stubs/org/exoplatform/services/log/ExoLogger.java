package org.exoplatform.services.log;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public final class ExoLogger {
  public static Log getLogger(Class<?> type) { throw new UnsupportedOperationException("stub"); }
}

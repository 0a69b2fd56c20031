package org.exoplatform.services.log;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public interface Log {
  void info(String message);
  void warn(String message);
  void error(String message, Throwable error);
}

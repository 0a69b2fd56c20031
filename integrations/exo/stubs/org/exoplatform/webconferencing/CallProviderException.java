package org.exoplatform.webconferencing;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class CallProviderException extends Exception {
  private static final long serialVersionUID = 1L;
  public CallProviderException(String message) { super(message); }
}

package org.exoplatform.webconferencing;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class CallInfo {
  public String getId() { throw new UnsupportedOperationException("stub"); }
  public String getState() { throw new UnsupportedOperationException("stub"); }
}

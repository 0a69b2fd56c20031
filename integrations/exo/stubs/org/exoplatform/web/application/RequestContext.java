package org.exoplatform.web.application;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class RequestContext {
  public static RequestContext getCurrentInstance() { throw new UnsupportedOperationException("stub"); }
}

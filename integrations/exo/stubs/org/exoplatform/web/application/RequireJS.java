package org.exoplatform.web.application;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class RequireJS {
  public RequireJS require(String moduleId, String alias) { throw new UnsupportedOperationException("stub"); }
  public RequireJS addScripts(String script) { throw new UnsupportedOperationException("stub"); }
}

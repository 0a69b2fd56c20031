package org.exoplatform.container.xml;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class InitParams {
  public PropertiesParam getPropertiesParam(String name) { throw new UnsupportedOperationException("stub"); }
}

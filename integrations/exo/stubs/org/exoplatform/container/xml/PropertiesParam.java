package org.exoplatform.container.xml;
import java.util.Map;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class PropertiesParam {
  public Map<String, String> getProperties() { throw new UnsupportedOperationException("stub"); }
  public String getProperty(String name) { throw new UnsupportedOperationException("stub"); }
}

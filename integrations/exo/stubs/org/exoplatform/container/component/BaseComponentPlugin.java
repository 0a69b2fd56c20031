package org.exoplatform.container.component;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class BaseComponentPlugin {
  public String getName() { return null; }
  public void setName(String name) {}
  public String getDescription() { return null; }
  public void setDescription(String description) {}
}

package org.exoplatform.webconferencing;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class ActiveCallProvider {
  public ActiveCallProvider(String connectorId, String name, String url, boolean integratedConnector) {}
  public ActiveCallProvider(String connectorId, String name, String url, boolean integratedConnector, boolean active) {}
}

package org.exoplatform.container.configuration;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class ConfigurationException extends Exception {
  private static final long serialVersionUID = 1L;
  public ConfigurationException(String message) { super(message); }
  public ConfigurationException(String message, Throwable cause) { super(message, cause); }
}

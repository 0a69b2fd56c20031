package javax.ws.rs.core;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class MediaType {
  public static final String APPLICATION_JSON = "application/json";
  public static final String WILDCARD = "*/*";
}

package javax.ws.rs.core;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public abstract class Response {
  public static ResponseBuilder status(int status) { throw new UnsupportedOperationException("stub"); }
  public abstract static class ResponseBuilder {
    public abstract ResponseBuilder entity(Object entity);
    public abstract ResponseBuilder type(String type);
    public abstract ResponseBuilder header(String name, Object value);
    public abstract Response build();
  }
}

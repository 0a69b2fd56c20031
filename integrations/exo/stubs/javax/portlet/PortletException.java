package javax.portlet;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class PortletException extends Exception {
  private static final long serialVersionUID = 1L;
  public PortletException(String message) { super(message); }
}

package javax.portlet;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public abstract class GenericPortlet {
  public void init() throws PortletException {}
  protected void doView(RenderRequest request, RenderResponse response) throws PortletException, java.io.IOException {}
}

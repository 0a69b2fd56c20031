package javax.portlet;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public interface RenderResponse {}

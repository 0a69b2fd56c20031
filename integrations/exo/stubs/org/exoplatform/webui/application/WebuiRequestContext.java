package org.exoplatform.webui.application;
import org.exoplatform.web.application.JavascriptManager;
import org.exoplatform.web.application.RequestContext;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class WebuiRequestContext extends RequestContext {
  public JavascriptManager getJavascriptManager() { throw new UnsupportedOperationException("stub"); }
}

package org.bbbspaces.exo;

import java.io.IOException;
import javax.portlet.GenericPortlet;
import javax.portlet.PortletException;
import javax.portlet.RenderRequest;
import javax.portlet.RenderResponse;
import org.bbbspaces.exo.core.ProviderSettings;
import org.exoplatform.container.ExoContainerContext;
import org.exoplatform.web.application.JavascriptManager;
import org.exoplatform.webconferencing.WebConferencingService;
import org.exoplatform.webui.application.WebuiRequestContext;

/**
 * Added to every page (AddOnService), it loads the provider module and registers it, as eXo's connectors do:
 * {@code await webConferencingPortlet.start(); bbb.configure(settings); webConferencing.addProvider(bbb);
 * webConferencing.update()}.
 */
public class BbbPortlet extends GenericPortlet {
  private BbbCallProvider provider;

  @Override
  public void init() throws PortletException {
    super.init();
    WebConferencingService webConferencing =
        ExoContainerContext.getCurrentContainer().getComponentInstanceOfType(WebConferencingService.class);
    if (webConferencing.getProvider(BbbCallProvider.TYPE) instanceof BbbCallProvider bbb) provider = bbb;
  }

  @Override
  protected void doView(RenderRequest request, RenderResponse response) throws PortletException, IOException {
    if (provider == null || !provider.isActive() || request.getRemoteUser() == null) return;
    JavascriptManager js = ((WebuiRequestContext) WebuiRequestContext.getCurrentInstance()).getJavascriptManager();
    js.require("SHARED/webConferencing", "webConferencing")
        .require("SHARED/webConferencing_bbb", "bbb")
        .require("SHARED/webConferencingPortlet", "webConferencingPortlet")
        .addScripts(ProviderSettings.registrationScript(provider.getSettings().toJson()));
  }
}

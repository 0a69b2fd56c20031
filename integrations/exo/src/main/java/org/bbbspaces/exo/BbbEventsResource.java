package org.bbbspaces.exo;

import java.time.Clock;
import javax.annotation.security.PermitAll;
import javax.ws.rs.Consumes;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.bbbspaces.exo.core.BbbConfig;
import org.bbbspaces.exo.core.HostEvents;
import org.bbbspaces.exo.core.WebhookVerifier;
import org.exoplatform.services.log.ExoLogger;
import org.exoplatform.services.log.Log;
import org.exoplatform.services.organization.OrganizationService;
import org.exoplatform.social.core.manager.IdentityManager;
import org.exoplatform.social.core.space.spi.SpaceService;
import org.exoplatform.webconferencing.WebConferencingService;

/**
 * {@code POST /rest/bbbspaces/events}: bbb-spaces' host events (HOST_WEBHOOK_URL), verified with
 * {@code webconferencing.bbb.webhookSecret}. A space meeting that ends stops eXo's call {@code g_<pretty name>},
 * so "call in progress" signals clear even when nobody's browser was there to say so.
 */
@Path("/bbbspaces")
public class BbbEventsResource {
  private static final Log LOG = ExoLogger.getLogger(BbbEventsResource.class);
  private final WebConferencingService webConferencing;
  private final ExoDirectory directory;

  public BbbEventsResource(WebConferencingService webConferencing, OrganizationService organization, IdentityManager identities,
      SpaceService spaces) {
    this.webConferencing = webConferencing;
    this.directory = new ExoDirectory(organization, identities, spaces);
  }

  @POST
  @Path("/events")
  @PermitAll
  @Consumes(MediaType.WILDCARD)
  public Response event(@HeaderParam(WebhookVerifier.HEADER) String signature, byte[] body) {
    BbbCallProvider provider = (BbbCallProvider) webConferencing.getProvider(BbbCallProvider.TYPE);
    BbbConfig config = provider == null ? null : provider.bbbConfig();
    if (config == null || config.webhookSecret() == null) return Response.status(404).build();
    WebhookVerifier.Event event;
    try {
      event = new WebhookVerifier(config.webhookSecret(), Clock.systemUTC()).verify(signature, body);
    } catch (WebhookVerifier.Rejected rejected) {
      LOG.warn("bbb-spaces event refused: " + rejected.code());
      return Response.status(401).type(MediaType.APPLICATION_JSON)
          .entity("{\"error\":{\"code\":\"" + rejected.code() + "\"}}").build();
    }
    HostEvents.callToStop(event, directory).ifPresent(callId -> {
      try {
        if (webConferencing.getCall(callId) != null) webConferencing.stopCall(callId, false);
      } catch (Exception e) {
        LOG.error("cannot stop call " + callId, e);
      }
    });
    return Response.status(204).build();
  }
}

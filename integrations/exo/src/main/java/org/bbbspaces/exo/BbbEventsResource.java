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
import org.bbbspaces.exo.core.WebhookVerifier;
import org.exoplatform.services.log.ExoLogger;
import org.exoplatform.services.log.Log;
import org.exoplatform.social.core.space.model.Space;
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
  private final SpaceService spaces;

  public BbbEventsResource(WebConferencingService webConferencing, SpaceService spaces) {
    this.webConferencing = webConferencing;
    this.spaces = spaces;
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
    if ("meeting.ended".equals(event.type()) && event.spaceId() != null && event.spaceId().startsWith("exo-space-")) {
      Space space = spaces.getSpaceById(event.spaceId().substring("exo-space-".length()));
      if (space != null) {
        String callId = "g_" + space.getPrettyName();
        try {
          if (webConferencing.getCall(callId) != null) webConferencing.stopCall(callId, false);
        } catch (Exception e) {
          LOG.error("cannot stop call " + callId, e);
        }
      }
    }
    return Response.status(204).build();
  }
}

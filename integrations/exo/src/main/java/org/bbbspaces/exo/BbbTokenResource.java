package org.bbbspaces.exo;

import java.time.Clock;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.bbbspaces.exo.core.TokenIssuer;
import org.bbbspaces.exo.core.TokenRefused;
import org.exoplatform.services.organization.OrganizationService;
import org.exoplatform.services.rest.resource.ResourceContainer;
import org.exoplatform.services.security.ConversationState;
import org.exoplatform.social.core.manager.IdentityManager;
import org.exoplatform.social.core.space.spi.SpaceService;
import org.exoplatform.webconferencing.WebConferencingService;

/**
 * {@code GET /rest/bbbspaces/token?ownerType=&ownerId=}: the signed-in user's bbb-spaces host token for one
 * call target, or {@code {"error":{"code","message"}}} with 400/403/404. All the logic is in {@link TokenIssuer}.
 */
@Path("/bbbspaces")
public class BbbTokenResource implements ResourceContainer {
  private final WebConferencingService webConferencing;
  private final ExoDirectory directory;

  public BbbTokenResource(WebConferencingService webConferencing, OrganizationService organization,
      IdentityManager identities, SpaceService spaces) {
    this.webConferencing = webConferencing;
    this.directory = new ExoDirectory(organization, identities, spaces);
  }

  @GET
  @Path("/token")
  @RolesAllowed("users")
  @Produces(MediaType.APPLICATION_JSON)
  public Response token(@QueryParam("ownerType") String ownerType, @QueryParam("ownerId") String ownerId) {
    ConversationState state = ConversationState.getCurrent();
    String userId = state != null && state.getIdentity() != null ? state.getIdentity().getUserId() : null;
    BbbCallProvider provider = (BbbCallProvider) webConferencing.getProvider(BbbCallProvider.TYPE);
    try {
      if (provider == null) throw new TokenRefused(404, "provider_inactive", "The BigBlueButton connector is not installed.");
      TokenIssuer.Issued issued = new TokenIssuer(provider.bbbConfig(), directory, Clock.systemUTC()).issue(userId, ownerType, ownerId);
      return json(200, issued.toJson());
    } catch (TokenRefused refused) {
      return json(refused.status(), refused.toJson());
    }
  }

  private static Response json(int status, String body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store").entity(body).build();
  }
}

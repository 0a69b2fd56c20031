package org.exoplatform.social.core.space.spi;
import org.exoplatform.social.core.space.model.Space;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public interface SpaceService {
  Space getSpaceByPrettyName(String spacePrettyName);
  Space getSpaceById(String spaceId);
  boolean isManager(Space space, String userId);
  boolean isMember(Space space, String userId);
}

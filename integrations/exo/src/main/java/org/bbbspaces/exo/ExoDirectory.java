package org.bbbspaces.exo;

import java.util.Optional;
import org.bbbspaces.exo.core.Directory;
import org.exoplatform.services.organization.OrganizationService;
import org.exoplatform.services.organization.User;
import org.exoplatform.services.organization.UserProfile;
import org.exoplatform.social.core.identity.model.Identity;
import org.exoplatform.social.core.identity.model.Profile;
import org.exoplatform.social.core.manager.IdentityManager;
import org.exoplatform.social.core.space.spi.SpaceService;

/**
 * The {@link Directory} of a real eXo: OrganizationService (e-mail, language), the social identity's profile
 * (full name, the {@code external} property set for members of /platform/externals) and SpaceService (roles).
 * Team chat rooms are not resolved: eXo Chat keeps its rooms in its own server, outside the portal's
 * container, so their calls are refused (403) until that lookup is written; a space's chat room is a space call.
 */
public class ExoDirectory implements Directory {
  private final OrganizationService organization;
  private final IdentityManager identities;
  private final SpaceService spaces;

  public ExoDirectory(OrganizationService organization, IdentityManager identities, SpaceService spaces) {
    this.organization = organization;
    this.identities = identities;
    this.spaces = spaces;
  }

  @Override
  public Optional<Person> person(String userId) {
    try {
      User user = organization.getUserHandler().findUserByName(userId);
      if (user == null) return Optional.empty();
      Identity identity = identities.getOrCreateUserIdentity(userId);
      if (identity == null || identity.isDeleted() || !identity.isEnable()) return Optional.empty();
      Profile profile = identity.getProfile();
      String fullName = profile != null && profile.getFullName() != null ? profile.getFullName() : user.getDisplayName();
      boolean external = profile != null && "true".equals(String.valueOf(profile.getProperty("external")));
      UserProfile settings = organization.getUserProfileHandler().findUserProfileByName(userId);
      String language = settings != null ? settings.getAttribute("user.language") : null;
      return Optional.of(new Person(userId, fullName, user.getEmail(), language, external));
    } catch (Exception e) {
      throw new IllegalStateException("cannot read user " + userId, e);
    }
  }

  @Override
  public Optional<Space> spaceByPrettyName(String prettyName) {
    org.exoplatform.social.core.space.model.Space space = spaces.getSpaceByPrettyName(prettyName);
    if (space == null) return Optional.empty();
    return Optional.of(new Space(space.getId(), space.getGroupId(), space.getPrettyName(), space.getDisplayName()));
  }

  @Override
  public Optional<Space> spaceById(String id) {
    org.exoplatform.social.core.space.model.Space space = spaces.getSpaceById(id);
    if (space == null) return Optional.empty();
    return Optional.of(new Space(space.getId(), space.getGroupId(), space.getPrettyName(), space.getDisplayName()));
  }

  @Override
  public Role roleIn(Space space, String userId) {
    org.exoplatform.social.core.space.model.Space s = spaces.getSpaceById(space.id());
    if (s == null) return Role.NONE;
    if (spaces.isManager(s, userId)) return Role.MANAGER;
    if (spaces.isMember(s, userId)) return Role.MEMBER;
    return Role.NONE;
  }

  @Override
  public Optional<ChatRoom> chatRoom(String roomId) {
    return Optional.empty();
  }
}

package org.bbbspaces.exo.core;

import java.util.Optional;
import java.util.Set;

/**
 * What the token issuer needs to know about people, spaces and chat rooms. In eXo it is answered by
 * OrganizationService, IdentityManager and SpaceService ({@code ExoDirectory}); in tests by a fixture.
 */
public interface Directory {

  /** A platform user. {@code language} is the profile's language tag, or null. */
  record Person(String userId, String fullName, String email, String language, boolean external) {}

  /**
   * A space. {@code id} is eXo's numeric space id, which survives renames (the pretty name does not);
   * {@code groupId} is {@code /spaces/<original pretty name>}.
   */
  record Space(String id, String groupId, String prettyName, String displayName) {}

  /** A chat room that is not a space's room (a team room), with who may call in it. */
  record ChatRoom(String id, String title, Set<String> members, Set<String> managers) {}

  enum Role { MANAGER, MEMBER, NONE }

  Optional<Person> person(String userId);

  Optional<Space> spaceByPrettyName(String prettyName);

  /** A space by its numeric id (the one in {@code exo-space-<id>}). */
  Optional<Space> spaceById(String id);

  /** The user's role in the space: manager, member or none. */
  Role roleIn(Space space, String userId);

  /** A team chat room by id; empty when unknown (or when the platform cannot tell). */
  Optional<ChatRoom> chatRoom(String roomId);
}

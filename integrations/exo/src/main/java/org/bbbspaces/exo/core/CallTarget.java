package org.bbbspaces.exo.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where an eXo call takes place in bbb-spaces: the bbb-spaces space id, its display name, and the caller's
 * role there. eXo's call owners map as follows (ids are stable and fit bbb-spaces' space id rule
 * {@code [A-Za-z0-9._:@-]{1,128}}):
 * <ul>
 *   <li>{@code space} and {@code space_event} (owner: the space's pretty name): {@code exo-space-<numeric id>};
 *       managers of the space are managers (moderators), members are members (viewers). A space's chat room
 *       is a space call too (eXo gives its context the space's pretty name).</li>
 *   <li>{@code chat_room} (a team room, owner: the room id): {@code exo-chat-<room id>}; the room's members
 *       are members, its managers managers.</li>
 *   <li>{@code user} (a 1:1 call, owner: the other user's id): {@code exo-user-<first 32 hex of SHA-256 of the
 *       two user ids, sorted, joined by a newline>}, the same whoever calls; both are managers.</li>
 * </ul>
 * Anyone else gets no target: 403 {@code not_a_member}, even for a space that does not exist (no probing).
 */
public record CallTarget(String spaceId, String displayName, Directory.Role role) {

  private static final Pattern SAFE_ID = Pattern.compile("^[A-Za-z0-9._-]{1,100}$");

  public static CallTarget resolve(Directory directory, String userId, String ownerType, String ownerId) throws TokenRefused {
    if (ownerType == null || ownerType.isBlank()) throw new TokenRefused(400, "invalid_request", "ownerType is required.");
    if (ownerId == null || ownerId.isBlank() || ownerId.length() > 200) {
      throw new TokenRefused(400, "invalid_request", "ownerId is required (at most 200 characters).");
    }
    switch (ownerType) {
      case "space":
      case "space_event":
        return space(directory, userId, ownerId);
      case "chat_room":
        return chatRoom(directory, userId, ownerId);
      case "user":
        return oneToOne(directory, userId, ownerId);
      default:
        throw new TokenRefused(400, "invalid_request", "ownerType must be space, space_event, chat_room or user.");
    }
  }

  private static CallTarget space(Directory directory, String userId, String prettyName) throws TokenRefused {
    Optional<Directory.Space> found = directory.spaceByPrettyName(prettyName);
    Directory.Role role = found.map(s -> directory.roleIn(s, userId)).orElse(Directory.Role.NONE);
    if (role == Directory.Role.NONE) throw notAMember();
    Directory.Space space = found.get();
    return new CallTarget("exo-space-" + safe(space.id()), space.displayName(), role);
  }

  private static CallTarget chatRoom(Directory directory, String userId, String roomId) throws TokenRefused {
    Optional<Directory.ChatRoom> found = directory.chatRoom(roomId);
    if (found.isEmpty() || !found.get().members().contains(userId)) throw notAMember();
    Directory.ChatRoom room = found.get();
    Directory.Role role = room.managers().contains(userId) ? Directory.Role.MANAGER : Directory.Role.MEMBER;
    return new CallTarget("exo-chat-" + safe(room.id()), room.title(), role);
  }

  private static CallTarget oneToOne(Directory directory, String userId, String otherId) throws TokenRefused {
    if (otherId.equals(userId)) throw new TokenRefused(400, "invalid_request", "A 1:1 call needs another user.");
    Directory.Person me = directory.person(userId).orElseThrow(CallTarget::notAMember);
    Directory.Person other = directory.person(otherId)
        .orElseThrow(() -> new TokenRefused(404, "unknown_user", "No such user."));
    String[] ids = {userId, otherId};
    Arrays.sort(ids);
    String id = "exo-user-" + sha256Hex(ids[0] + "\n" + ids[1]).substring(0, 32);
    return new CallTarget(id, nameOf(me) + " & " + nameOf(other), Directory.Role.MANAGER);
  }

  static String nameOf(Directory.Person p) {
    return p.fullName() == null || p.fullName().isBlank() ? p.userId() : p.fullName().trim();
  }

  /** Ids that already fit are kept readable; anything else is hashed, never truncated into a collision. */
  private static String safe(String id) {
    return SAFE_ID.matcher(id).matches() ? id : "h" + sha256Hex(id).substring(0, 32);
  }

  private static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TokenRefused notAMember() {
    return new TokenRefused(403, "not_a_member", "You are not a member of this space or conversation.");
  }
}

package org.bbbspaces.exo.testkit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bbbspaces.exo.core.Directory;
import org.bbbspaces.exo.core.Json;

/**
 * A {@link Directory} read from JSON, standing in for eXo's services in tests:
 * <pre>{"users": {"alice": {"name", "email", "language", "external"}},
 *  "spaces": [{"id", "prettyName", "displayName", "managers": [..], "members": [..]}],
 *  "chatRooms": [{"id", "title", "managers": [..], "members": [..]}]}</pre>
 * As in eXo, a manager of a space is also one of its members.
 */
public final class FixtureDirectory implements Directory {
  private final Map<String, Person> people = new HashMap<>();
  private final Map<String, Space> spaces = new HashMap<>();
  private final Map<String, Set<String>> managers = new HashMap<>();
  private final Map<String, Set<String>> members = new HashMap<>();
  private final Map<String, ChatRoom> rooms = new HashMap<>();

  @SuppressWarnings("unchecked")
  public static FixtureDirectory fromJson(String json) {
    FixtureDirectory d = new FixtureDirectory();
    Map<String, Object> root = Json.parseObject(json);
    Map<String, Object> users = (Map<String, Object>) root.getOrDefault("users", Map.of());
    users.forEach((id, v) -> {
      Map<String, Object> u = (Map<String, Object>) v;
      d.addPerson(new Person(id, (String) u.get("name"), (String) u.get("email"), (String) u.get("language"),
          Boolean.TRUE.equals(u.get("external"))));
    });
    for (Object o : (List<Object>) root.getOrDefault("spaces", List.of())) {
      Map<String, Object> s = (Map<String, Object>) o;
      String id = String.valueOf(s.get("id"));
      d.addSpace(new Space(id, "/spaces/" + s.get("prettyName"), (String) s.get("prettyName"), (String) s.get("displayName")),
          strings(s.get("managers")), strings(s.get("members")));
    }
    for (Object o : (List<Object>) root.getOrDefault("chatRooms", List.of())) {
      Map<String, Object> r = (Map<String, Object>) o;
      Set<String> roomMembers = new HashSet<>(strings(r.get("members")));
      roomMembers.addAll(strings(r.get("managers")));
      d.rooms.put((String) r.get("id"), new ChatRoom((String) r.get("id"), (String) r.get("title"), roomMembers, strings(r.get("managers"))));
    }
    return d;
  }

  @SuppressWarnings("unchecked")
  private static Set<String> strings(Object o) {
    return o == null ? Set.of() : Set.copyOf((List<String>) o);
  }

  public FixtureDirectory addPerson(Person p) {
    people.put(p.userId(), p);
    return this;
  }

  public FixtureDirectory addSpace(Space s, Set<String> spaceManagers, Set<String> spaceMembers) {
    spaces.put(s.id(), s);
    managers.put(s.id(), Set.copyOf(spaceManagers));
    Set<String> all = new HashSet<>(spaceMembers);
    all.addAll(spaceManagers);
    members.put(s.id(), all);
    return this;
  }

  /** A renamed space keeps its id and group id; only its pretty and display names change. */
  public FixtureDirectory rename(String spaceId, String prettyName, String displayName) {
    Space s = spaces.get(spaceId);
    spaces.put(spaceId, new Space(s.id(), s.groupId(), prettyName, displayName));
    return this;
  }

  @Override
  public Optional<Person> person(String userId) {
    return Optional.ofNullable(people.get(userId));
  }

  @Override
  public Optional<Space> spaceByPrettyName(String prettyName) {
    return spaces.values().stream().filter(s -> s.prettyName().equals(prettyName)).findFirst();
  }

  @Override
  public Optional<Space> spaceById(String id) {
    return Optional.ofNullable(spaces.get(id));
  }

  @Override
  public Role roleIn(Space space, String userId) {
    if (managers.getOrDefault(space.id(), Set.of()).contains(userId)) return Role.MANAGER;
    if (members.getOrDefault(space.id(), Set.of()).contains(userId)) return Role.MEMBER;
    return Role.NONE;
  }

  @Override
  public Optional<ChatRoom> chatRoom(String roomId) {
    return Optional.ofNullable(rooms.get(roomId));
  }
}

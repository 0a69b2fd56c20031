package org.bbbspaces.exo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bbbspaces.exo.testkit.FixtureDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenIssuerTest {
  static final String SECRET = "exo-connector-test-secret-0123456789abcdef";
  static final long NOW = 1_800_000_000L;

  FixtureDirectory directory;
  TokenIssuer issuer;

  @BeforeEach
  void setUp() throws ConfigException {
    directory = new FixtureDirectory()
        .addPerson(new Directory.Person("alice", "Alice Martin", "alice@example.org", "fr_FR", false))
        .addPerson(new Directory.Person("bob", "Bob Durand", "bob@example.org", "en", false))
        .addPerson(new Directory.Person("eve", "Eve Partner", "not an address", "de", true))
        .addPerson(new Directory.Person("mallory", "Mallory", "m@example.org", null, false))
        .addSpace(new Directory.Space("42", "/spaces/team_alpha", "team-alpha", "Team Alpha"), Set.of("alice"), Set.of("bob", "eve"));
    issuer = issuer(Map.of("url", "https://meet.example.org/", "secret", SECRET));
  }

  TokenIssuer issuer(Map<String, String> props) throws ConfigException {
    AtomicInteger n = new AtomicInteger();
    return new TokenIssuer(BbbConfig.parse(props, p -> ""), directory, Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC),
        () -> "jti-" + n.incrementAndGet());
  }

  static Map<String, Object> verifiedClaims(String token) throws Exception {
    String[] parts = token.split("\\.");
    assertEquals(3, parts.length);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(expected), parts[2], "HS256 signature");
    Map<String, Object> header = Json.parseObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
    assertEquals("HS256", header.get("alg"));
    return Json.parseObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }

  @Test
  void aSpaceManagerGetsManagerOfThatSpaceOnly() throws Exception {
    TokenIssuer.Issued issued = issuer.issue("alice", "space", "team-alpha");
    Map<String, Object> c = verifiedClaims(issued.token());
    assertEquals("alice", c.get("sub"));
    assertEquals("Alice Martin", c.get("name"));
    assertEquals("alice@example.org", c.get("email"));
    assertEquals("fr", c.get("locale"));
    assertEquals(false, c.get("external"));
    assertEquals(Map.of("exo-space-42", "manager"), c.get("spaces"));
    assertEquals(Map.of("exo-space-42", "Team Alpha"), c.get("spaceNames"));
    assertEquals("exo-space-42", issued.spaceId());
    assertEquals("Team Alpha", issued.spaceName());
    assertEquals("manager", issued.role());
    assertEquals("https://meet.example.org", issued.serviceUrl());
  }

  @Test
  void aSpaceMemberGetsMember() throws Exception {
    Map<String, Object> c = verifiedClaims(issuer.issue("bob", "space", "team-alpha").token());
    assertEquals(Map.of("exo-space-42", "member"), c.get("spaces"));
    assertEquals("en", c.get("locale"));
  }

  @Test
  void anExternalMemberIsFlaggedAndADoubtfulEmailOrLocaleIsLeftOut() throws Exception {
    Map<String, Object> c = verifiedClaims(issuer.issue("eve", "space", "team-alpha").token());
    assertEquals(true, c.get("external"));
    assertEquals(Map.of("exo-space-42", "member"), c.get("spaces"));
    assertFalse(c.containsKey("email"));
    assertFalse(c.containsKey("locale"));
  }

  @Test
  void aNonMemberGets403AndNoToken() {
    TokenRefused refused = assertThrows(TokenRefused.class, () -> issuer.issue("mallory", "space", "team-alpha"));
    assertEquals(403, refused.status());
    assertEquals("not_a_member", refused.code());
    assertTrue(refused.toJson().contains("\"code\":\"not_a_member\""));
  }

  @Test
  void anUnknownSpaceIs403TooSoSpacesCannotBeProbed() {
    TokenRefused refused = assertThrows(TokenRefused.class, () -> issuer.issue("alice", "space", "secret-project"));
    assertEquals(403, refused.status());
    assertEquals("not_a_member", refused.code());
  }

  @Test
  void badRequestsAre400() {
    assertEquals(400, assertThrows(TokenRefused.class, () -> issuer.issue("alice", "meeting", "x")).status());
    assertEquals(400, assertThrows(TokenRefused.class, () -> issuer.issue("alice", "space", "")).status());
    assertEquals(400, assertThrows(TokenRefused.class, () -> issuer.issue("alice", null, "team-alpha")).status());
    assertEquals(401, assertThrows(TokenRefused.class, () -> issuer.issue(null, "space", "team-alpha")).status());
  }

  @Test
  void expiryIsShortAndEveryTokenHasItsOwnJti() throws Exception {
    Map<String, Object> first = verifiedClaims(issuer.issue("alice", "space", "team-alpha").token());
    Map<String, Object> second = verifiedClaims(issuer.issue("alice", "space", "team-alpha").token());
    assertEquals(NOW, first.get("iat"));
    assertEquals(NOW + 60, first.get("exp"));
    assertNotEquals(first.get("jti"), second.get("jti"));

    TokenIssuer longest = issuer(Map.of("url", "https://meet.example.org", "secret", SECRET, "token-ttl-seconds", "120"));
    TokenIssuer.Issued issued = longest.issue("alice", "space", "team-alpha");
    assertEquals(NOW + 120, verifiedClaims(issued.token()).get("exp"));
    assertEquals(NOW + 120, issued.expiresAt());
    assertThrows(ConfigException.class, () -> issuer(Map.of("url", "https://meet.example.org", "secret", SECRET, "token-ttl-seconds", "121")));
  }

  @Test
  void theSpaceIdSurvivesARename() throws Exception {
    String before = issuer.issue("bob", "space", "team-alpha").spaceId();
    directory.rename("42", "team-beta", "Team Beta");
    TokenIssuer.Issued after = issuer.issue("bob", "space", "team-beta");
    assertEquals(before, after.spaceId());
    assertEquals("Team Beta", after.spaceName());
    assertThrows(TokenRefused.class, () -> issuer.issue("bob", "space", "team-alpha"));
  }

  @Test
  void aSpaceEventIsACallOfItsSpace() throws Exception {
    assertEquals(Map.of("exo-space-42", "member"), verifiedClaims(issuer.issue("bob", "space_event", "team-alpha").token()).get("spaces"));
  }

  @Test
  void aOneToOneCallHasOneIdWhoeverCallsAndBothAreManagers() throws Exception {
    TokenIssuer.Issued fromAlice = issuer.issue("alice", "user", "mallory");
    TokenIssuer.Issued fromMallory = issuer.issue("mallory", "user", "alice");
    assertEquals(fromAlice.spaceId(), fromMallory.spaceId());
    assertTrue(fromAlice.spaceId().matches("exo-user-[0-9a-f]{32}"), fromAlice.spaceId());
    assertEquals(Map.of(fromAlice.spaceId(), "manager"), verifiedClaims(fromMallory.token()).get("spaces"));
    assertNotEquals(fromAlice.spaceId(), issuer.issue("alice", "user", "bob").spaceId());
    assertEquals(404, assertThrows(TokenRefused.class, () -> issuer.issue("alice", "user", "nobody")).status());
    assertEquals(400, assertThrows(TokenRefused.class, () -> issuer.issue("alice", "user", "alice")).status());
  }

  @Test
  void aTeamChatRoomIsASpaceOfItsOwnForItsMembers() throws Exception {
    FixtureDirectory withRoom = FixtureDirectory.fromJson("{\"users\":{\"alice\":{\"name\":\"Alice\"},\"bob\":{\"name\":\"Bob\"},"
        + "\"mallory\":{\"name\":\"M\"}},\"chatRooms\":[{\"id\":\"team-a1b2\",\"title\":\"Coffee\",\"managers\":[\"alice\"],\"members\":[\"bob\"]}]}");
    TokenIssuer roomIssuer = new TokenIssuer(BbbConfig.parse(Map.of("url", "https://m.example.org", "secret", SECRET), p -> ""), withRoom,
        Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
    assertEquals(Map.of("exo-chat-team-a1b2", "manager"), verifiedClaims(roomIssuer.issue("alice", "chat_room", "team-a1b2").token()).get("spaces"));
    assertEquals(Map.of("exo-chat-team-a1b2", "member"), verifiedClaims(roomIssuer.issue("bob", "chat_room", "team-a1b2").token()).get("spaces"));
    assertEquals(403, assertThrows(TokenRefused.class, () -> roomIssuer.issue("mallory", "chat_room", "team-a1b2")).status());
    assertEquals(403, assertThrows(TokenRefused.class, () -> roomIssuer.issue("alice", "chat_room", "team-zzz")).status());
  }

  @Test
  void issuerAndAudienceAreSetWhenConfigured() throws Exception {
    TokenIssuer withIss = issuer(Map.of("url", "https://meet.example.org", "secret", SECRET, "issuer", "https://exo.example.org", "audience", "bbb-spaces"));
    Map<String, Object> c = verifiedClaims(withIss.issue("alice", "space", "team-alpha").token());
    assertEquals("https://exo.example.org", c.get("iss"));
    assertEquals("bbb-spaces", c.get("aud"));
  }

  @Test
  void anInactiveConnectorMintsNothing() throws Exception {
    TokenIssuer off = issuer(Map.of("url", "https://meet.example.org", "secret", SECRET, "active", "false"));
    assertEquals("provider_inactive", assertThrows(TokenRefused.class, () -> off.issue("alice", "space", "team-alpha")).code());
  }

  @Test
  void spaceIdsThatDoNotFitBbbSpacesRuleAreHashedNotCut() throws Exception {
    directory.addSpace(new Directory.Space("id with spaces/and slashes", "/spaces/odd", "odd", "Odd"), Set.of("alice"), Set.of());
    String id = issuer.issue("alice", "space", "odd").spaceId();
    assertTrue(id.matches("exo-space-h[0-9a-f]{32}"), id);
  }
}

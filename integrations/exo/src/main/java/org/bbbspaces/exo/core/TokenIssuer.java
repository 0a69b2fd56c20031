package org.bbbspaces.exo.core;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Mints the host token for the signed-in user and one call target: the whole logic of
 * {@code GET /rest/bbbspaces/token?ownerType=&ownerId=}, without eXo (the REST resource only finds the user).
 */
public final class TokenIssuer {
  private final BbbConfig config;
  private final Directory directory;
  private final Clock clock;
  private final Supplier<String> jti;

  public TokenIssuer(BbbConfig config, Directory directory, Clock clock) {
    this(config, directory, clock, () -> UUID.randomUUID().toString());
  }

  public TokenIssuer(BbbConfig config, Directory directory, Clock clock, Supplier<String> jti) {
    this.config = config;
    this.directory = directory;
    this.clock = clock;
    this.jti = jti;
  }

  /** What the browser receives. */
  public record Issued(String token, long expiresAt, String serviceUrl, String spaceId, String spaceName, String role) {
    public String toJson() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("token", token);
      body.put("expiresAt", expiresAt);
      body.put("serviceUrl", serviceUrl);
      body.put("spaceId", spaceId);
      body.put("spaceName", spaceName);
      body.put("role", role);
      return Json.write(body);
    }
  }

  public Issued issue(String userId, String ownerType, String ownerId) throws TokenRefused {
    if (userId == null || userId.isBlank()) throw new TokenRefused(401, "not_signed_in", "Sign in first.");
    if (!config.active()) throw new TokenRefused(404, "provider_inactive", "The BigBlueButton connector is switched off.");
    Directory.Person person = directory.person(userId)
        .orElseThrow(() -> new TokenRefused(403, "not_a_member", "Unknown user."));
    CallTarget target = CallTarget.resolve(directory, userId, ownerType, ownerId);
    long now = clock.instant().getEpochSecond();
    Map<String, Object> claims = HostClaims.of(person, target, now, config.tokenTtlSeconds(), jti.get(), config.issuer(), config.audience());
    String token = config.signer().sign(claims);
    String role = target.role() == Directory.Role.MANAGER ? "manager" : "member";
    return new Issued(token, now + config.tokenTtlSeconds(), config.serviceUrl(), target.spaceId(), target.displayName(), role);
  }
}

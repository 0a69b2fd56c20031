package org.bbbspaces.exo.core;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The claims of a bbb-spaces host token for one user and one call target (see bbb-spaces' README,
 * "Integrate with your platform"): {@code sub}, {@code name}, {@code email}, {@code locale}, {@code external},
 * {@code spaces} holding only the target space, and {@code spaceNames} (its display name, for bbb-spaces to name
 * the space's rooms), {@code iat}, {@code exp}, {@code jti}, and {@code iss}/{@code aud} when configured.
 */
public final class HostClaims {
  private HostClaims() {}

  // bbb-spaces refuses the whole token on an address it cannot read, so a doubtful one is left out.
  private static final Pattern EMAIL = Pattern.compile("^[^\\s@]{1,64}@[^\\s@]+\\.[^\\s@]{2,}$");
  private static final int MAX_NAME = 256;

  public static Map<String, Object> of(Directory.Person person, CallTarget target, long issuedAt, int ttlSeconds,
      String jti, String issuer, String audience) {
    if (target.role() == Directory.Role.NONE) throw new IllegalArgumentException("no claims for a non-member");
    if (ttlSeconds <= 0 || ttlSeconds > BbbConfig.MAX_TTL_SECONDS) throw new IllegalArgumentException("ttl out of range");
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", person.userId());
    claims.put("name", truncate(CallTarget.nameOf(person), MAX_NAME));
    if (person.email() != null && person.email().length() <= 320 && EMAIL.matcher(person.email()).matches()) {
      claims.put("email", person.email());
    }
    String locale = locale(person.language());
    if (locale != null) claims.put("locale", locale);
    claims.put("external", person.external());
    claims.put("spaces", Map.of(target.spaceId(), target.role() == Directory.Role.MANAGER ? "manager" : "member"));
    if (target.displayName() != null && !target.displayName().isBlank()) {
      claims.put("spaceNames", Map.of(target.spaceId(), truncate(target.displayName().trim(), 100)));
    }
    claims.put("iat", issuedAt);
    claims.put("exp", issuedAt + ttlSeconds);
    claims.put("jti", jti);
    if (issuer != null) claims.put("iss", issuer);
    if (audience != null) claims.put("aud", audience);
    return claims;
  }

  /** bbb-spaces speaks fr and en: a French profile gets fr, an English one en, others the service's default. */
  static String locale(String language) {
    if (language == null || language.isBlank()) return null;
    String lang = Locale.forLanguageTag(language.trim().replace('_', '-')).getLanguage();
    return lang.equals("fr") || lang.equals("en") ? lang : null;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}

package org.bbbspaces.exo.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies bbb-spaces' host events: header {@code X-Bbb-Spaces-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256
 * of "<t>.<raw body>">} with HOST_WEBHOOK_SECRET, over the exact bytes received. A {@code t} further than the
 * tolerance (default 300 s) from now, in either direction, is refused, so a captured event cannot be replayed
 * later; several {@code v1} values are accepted (secret rotation). The body is then read as
 * {@code {id, type, at, spaceId, roomId, data}}.
 */
public final class WebhookVerifier {
  public static final String HEADER = "X-Bbb-Spaces-Signature";
  public static final long DEFAULT_TOLERANCE_SECONDS = 300;

  private final byte[] secret;
  private final Clock clock;
  private final long toleranceSeconds;

  /** Why an event was refused: {@code missing_signature}, {@code malformed_signature}, {@code stale_signature}, {@code bad_signature}, {@code malformed_body}. */
  public static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;

    Rejected(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** One host event. {@code at} is what bbb-spaces sent (an ISO-8601 instant or epoch milliseconds). */
  public record Event(String id, String type, Object at, String spaceId, String roomId, Map<String, Object> data) {}

  public WebhookVerifier(byte[] secret, Clock clock) {
    this(secret, clock, DEFAULT_TOLERANCE_SECONDS);
  }

  public WebhookVerifier(byte[] secret, Clock clock, long toleranceSeconds) {
    if (secret == null || secret.length == 0) throw new IllegalArgumentException("a webhook secret is required");
    this.secret = secret.clone();
    this.clock = clock;
    this.toleranceSeconds = toleranceSeconds;
  }

  public Event verify(String header, byte[] rawBody) throws Rejected {
    if (header == null || header.isBlank()) throw new Rejected("missing_signature", "No " + HEADER + " header.");
    Long t = null;
    List<String> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) throw new Rejected("malformed_signature", "Malformed " + HEADER + " header.");
      String key = part.substring(0, eq).trim();
      String value = part.substring(eq + 1).trim();
      if (key.equals("t")) {
        if (t != null || !value.matches("\\d{1,12}")) throw new Rejected("malformed_signature", "Malformed timestamp.");
        t = Long.parseLong(value);
      } else if (key.equals("v1")) {
        if (!value.matches("[0-9a-fA-F]{64}")) throw new Rejected("malformed_signature", "Malformed v1 signature.");
        signatures.add(value.toLowerCase());
      }
      // Other schemes (a future v2) are ignored, as receivers of such headers usually do.
    }
    if (t == null || signatures.isEmpty()) throw new Rejected("malformed_signature", "The header needs t and v1.");
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - t) > toleranceSeconds) throw new Rejected("stale_signature", "The event's timestamp is too old or in the future.");

    byte[] expected = HexFormat.of().formatHex(hmac(t, rawBody)).getBytes(StandardCharsets.US_ASCII);
    boolean ok = false;
    for (String candidate : signatures) {
      // Constant time, and every candidate is compared.
      ok |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII));
    }
    if (!ok) throw new Rejected("bad_signature", "The signature does not match.");
    return parse(rawBody);
  }

  private byte[] hmac(long t, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Event parse(byte[] rawBody) throws Rejected {
    Map<String, Object> body;
    try {
      body = Json.parseObject(new String(rawBody, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new Rejected("malformed_body", "The event is not a JSON object.");
    }
    if (!(body.get("id") instanceof String id) || !(body.get("type") instanceof String type)) {
      throw new Rejected("malformed_body", "The event needs an id and a type.");
    }
    Object data = body.get("data");
    return new Event(id, type, body.get("at"), str(body.get("spaceId")), str(body.get("roomId")),
        data instanceof Map ? (Map<String, Object>) data : Map.of());
  }

  private static String str(Object o) {
    return o instanceof String s ? s : null;
  }
}

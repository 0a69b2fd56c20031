package org.bbbspaces.exo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {
  static final String SECRET = "host-webhook-secret-for-tests-0123456789";
  static final long NOW = 1_800_000_000L;
  static final byte[] BODY = ("{\"id\":\"evt_1\",\"type\":\"meeting.started\",\"at\":\"2027-01-15T08:00:00.000Z\","
      + "\"spaceId\":\"exo-space-42\",\"roomId\":\"abc-def-ghi-jkm\",\"data\":{\"participants\":0}}").getBytes(StandardCharsets.UTF_8);

  final WebhookVerifier verifier = new WebhookVerifier(SECRET.getBytes(StandardCharsets.UTF_8),
      Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

  static String sign(String secret, long t, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void aFreshlySignedEventIsAcceptedAndRead() throws Exception {
    WebhookVerifier.Event e = verifier.verify("t=" + NOW + ",v1=" + sign(SECRET, NOW, BODY), BODY);
    assertEquals("evt_1", e.id());
    assertEquals("meeting.started", e.type());
    assertEquals("exo-space-42", e.spaceId());
    assertEquals("abc-def-ghi-jkm", e.roomId());
    assertEquals(Map.of("participants", 0L), e.data());
  }

  @Test
  void aStaleOrFutureTimestampIsRefusedEvenWhenCorrectlySigned() throws Exception {
    long old = NOW - 301;
    assertEquals("stale_signature", assertThrows(WebhookVerifier.Rejected.class,
        () -> verifier.verify("t=" + old + ",v1=" + sign(SECRET, old, BODY), BODY)).code());
    long future = NOW + 301;
    assertEquals("stale_signature", assertThrows(WebhookVerifier.Rejected.class,
        () -> verifier.verify("t=" + future + ",v1=" + sign(SECRET, future, BODY), BODY)).code());
    long edge = NOW - 300;
    assertEquals("evt_1", verifier.verify("t=" + edge + ",v1=" + sign(SECRET, edge, BODY), BODY).id());
  }

  @Test
  void aTamperedBodyAWrongSecretOrAMovedTimestampIsRefused() throws Exception {
    String good = sign(SECRET, NOW, BODY);
    byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("meeting.started", "meeting.ended").getBytes(StandardCharsets.UTF_8);
    assertEquals("bad_signature", assertThrows(WebhookVerifier.Rejected.class, () -> verifier.verify("t=" + NOW + ",v1=" + good, tampered)).code());
    String other = sign("another-secret-another-secret-0123456789", NOW, BODY);
    assertEquals("bad_signature", assertThrows(WebhookVerifier.Rejected.class, () -> verifier.verify("t=" + NOW + ",v1=" + other, BODY)).code());
    assertEquals("bad_signature", assertThrows(WebhookVerifier.Rejected.class, () -> verifier.verify("t=" + (NOW - 1) + ",v1=" + good, BODY)).code());
  }

  @Test
  void oneMatchingSignatureAmongSeveralIsEnough() throws Exception {
    String old = sign("previous-secret-previous-secret-01234567", NOW, BODY);
    assertEquals("evt_1", verifier.verify("t=" + NOW + ",v1=" + old + ",v1=" + sign(SECRET, NOW, BODY), BODY).id());
  }

  @Test
  void missingOrMalformedHeadersAreRefused() {
    assertEquals("missing_signature", assertThrows(WebhookVerifier.Rejected.class, () -> verifier.verify(null, BODY)).code());
    assertEquals("malformed_signature", assertThrows(WebhookVerifier.Rejected.class, () -> verifier.verify("t=" + NOW, BODY)).code());
    assertEquals("malformed_signature", assertThrows(WebhookVerifier.Rejected.class, () -> verifier.verify("v1=abc,t=x", BODY)).code());
    assertEquals("malformed_signature", assertThrows(WebhookVerifier.Rejected.class, () -> verifier.verify("garbage", BODY)).code());
  }

  @Test
  void aSignedBodyThatIsNotAnEventIsRefused() throws Exception {
    byte[] body = "[1,2,3]".getBytes(StandardCharsets.UTF_8);
    assertEquals("malformed_body", assertThrows(WebhookVerifier.Rejected.class,
        () -> verifier.verify("t=" + NOW + ",v1=" + sign(SECRET, NOW, body), body)).code());
  }
}

package org.bbbspaces.exo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BbbConfigTest {
  static final String SECRET = "exo-connector-test-secret-0123456789abcdef";

  static String pem(byte[] pkcs8) {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n";
  }

  @Test
  void aSharedSecretMeansHs256AndTheUrlLosesItsTrailingSlash() throws Exception {
    BbbConfig c = BbbConfig.parse(Map.of("url", " https://meet.example.org/ ", "secret", SECRET), p -> "");
    assertEquals("https://meet.example.org", c.serviceUrl());
    assertEquals("HS256", c.signer().algorithm());
    assertEquals(60, c.tokenTtlSeconds());
    assertTrue(c.active());
    assertNull(c.webhookSecret());
    assertFalse(c.toString().contains(SECRET));
  }

  @Test
  void privateKeyFilesGiveRs256OrEdDsa() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    String rsaPem = pem(rsa.generateKeyPair().getPrivate().getEncoded());
    String edPem = pem(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded());
    Map<String, String> files = Map.of("/etc/exo/rsa.pem", rsaPem, "/etc/exo/ed.pem", edPem);
    assertEquals("RS256", BbbConfig.parse(Map.of("url", "https://m.example.org", "private-key-file", "/etc/exo/rsa.pem"), files::get).signer().algorithm());
    assertEquals("EdDSA", BbbConfig.parse(Map.of("url", "https://m.example.org", "private-key-file", "/etc/exo/ed.pem"), files::get).signer().algorithm());
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Map<String, String> props = new HashMap<>();
    props.put("url", "ftp://meet.example.org");
    props.put("secret", "short");
    props.put("active", "yes");
    props.put("token-ttl-seconds", "3600");
    props.put("webhook-secret", "tiny");
    ConfigException e = assertThrows(ConfigException.class, () -> BbbConfig.parse(props, p -> ""));
    assertEquals(5, e.problems().size(), e.problems().toString());
    assertFalse(e.getMessage().contains("short"), "a secret never appears in an error");
  }

  @Test
  void emptyPlaceholdersCountAsUnsetAndOneSigningKeyIsRequired() {
    ConfigException none = assertThrows(ConfigException.class, () -> BbbConfig.parse(Map.of("url", "", "secret", " "), p -> ""));
    assertEquals(2, none.problems().size(), none.problems().toString());
    ConfigException both = assertThrows(ConfigException.class,
        () -> BbbConfig.parse(Map.of("url", "https://m.example.org", "secret", SECRET, "private-key-file", "/k.pem"), p -> ""));
    assertTrue(both.problems().get(0).contains("not both"));
  }

  @Test
  void badKeysAreExplained() {
    ConfigException e = assertThrows(ConfigException.class, () -> BbbConfig.parse(Map.of("url", "https://m.example.org", "private-key-file", "/k.pem"),
        p -> "-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----"));
    assertTrue(e.problems().get(0).contains("PKCS#8"), e.problems().toString());
  }

  @Test
  void activeFalseSwitchesTheConnectorOff() throws Exception {
    assertFalse(BbbConfig.parse(Map.of("url", "https://m.example.org", "secret", SECRET, "active", "false"), p -> "").active());
  }
}

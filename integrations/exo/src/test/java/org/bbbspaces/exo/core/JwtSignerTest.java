package org.bbbspaces.exo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtSignerTest {
  static boolean verifies(String token, String algorithm, PublicKey key) throws Exception {
    String[] parts = token.split("\\.");
    Signature s = Signature.getInstance(algorithm);
    s.initVerify(key);
    s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    return s.verify(Base64.getUrlDecoder().decode(parts[2]));
  }

  static Map<String, Object> header(String token) {
    return Json.parseObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8));
  }

  @Test
  void rs256TokensVerifyWithThePublicKeyAndCarryTheKid() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    KeyPair pair = gen.generateKeyPair();
    String token = JwtSigner.forPrivateKey(pair.getPrivate(), "exo-2026").sign(Map.of("sub", "alice"));
    assertEquals(Map.of("alg", "RS256", "typ", "JWT", "kid", "exo-2026"), header(token));
    assertTrue(verifies(token, "SHA256withRSA", pair.getPublic()));
    String tampered = token.substring(0, token.indexOf('.') + 1) + Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"sub\":\"mallory\"}".getBytes(StandardCharsets.UTF_8)) + token.substring(token.lastIndexOf('.'));
    assertFalse(verifies(tampered, "SHA256withRSA", pair.getPublic()));
  }

  @Test
  void edDsaTokensVerifyWithTheEd25519PublicKey() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String token = JwtSigner.forPrivateKey(pair.getPrivate(), null).sign(Map.of("sub", "alice"));
    assertEquals(Map.of("alg", "EdDSA", "typ", "JWT"), header(token));
    assertTrue(verifies(token, "Ed25519", pair.getPublic()));
  }

  @Test
  void weakKeysAreRefused() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(1024);
    assertThrows(IllegalArgumentException.class, () -> JwtSigner.forPrivateKey(gen.generateKeyPair().getPrivate(), null));
    assertThrows(IllegalArgumentException.class, () -> JwtSigner.hs256(new byte[31]));
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    assertThrows(IllegalArgumentException.class, () -> JwtSigner.forPrivateKey(ec.generateKeyPair().getPrivate(), null));
  }
}

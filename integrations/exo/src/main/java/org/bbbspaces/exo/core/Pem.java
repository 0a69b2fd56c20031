package org.bbbspaces.exo.core;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Reads an unencrypted PKCS#8 private key ("-----BEGIN PRIVATE KEY-----", as {@code openssl genpkey} writes it). */
public final class Pem {
  private Pem() {}

  public static PrivateKey readPrivateKey(String pem) {
    if (pem == null) throw new IllegalArgumentException("no key");
    if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
      throw new IllegalArgumentException("the key must be unencrypted PKCS#8 (convert it with openssl pkcs8 -topk8 -nocrypt)");
    }
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) throw new IllegalArgumentException("not a PEM PKCS#8 private key");
    String body = pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).replaceAll("\\s+", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PEM body is not base64");
    }
    for (String algorithm : new String[] {"RSA", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
        // try the next kind
      }
    }
    throw new IllegalArgumentException("only RSA (RS256) and Ed25519 (EdDSA) keys are supported");
  }
}

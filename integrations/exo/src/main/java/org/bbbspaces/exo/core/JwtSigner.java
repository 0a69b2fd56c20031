package org.bbbspaces.exo.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs compact JWS tokens with the JDK alone: HS256 ({@code javax.crypto.Mac}), RS256 and EdDSA
 * ({@code java.security.Signature}, Ed25519 since Java 15). The header carries {@code alg}, {@code typ} and,
 * when given, the {@code kid} under which bbb-spaces finds the public key in the host's JWKS.
 */
public final class JwtSigner {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final String algorithm;
  private final String keyId;
  private final byte[] secret;
  private final PrivateKey privateKey;

  private JwtSigner(String algorithm, String keyId, byte[] secret, PrivateKey privateKey) {
    this.algorithm = algorithm;
    this.keyId = keyId;
    this.secret = secret;
    this.privateKey = privateKey;
  }

  public static JwtSigner hs256(byte[] secret) {
    if (secret == null || secret.length < 32) throw new IllegalArgumentException("an HS256 secret needs at least 32 bytes");
    return new JwtSigner("HS256", null, secret.clone(), null);
  }

  /** RS256 for an RSA key (2048 bits or more), EdDSA for an Ed25519 key. */
  public static JwtSigner forPrivateKey(PrivateKey key, String keyId) {
    String kind = key.getAlgorithm();
    if (kind.equals("RSA")) {
      if (key instanceof RSAPrivateKey rsa && rsa.getModulus().bitLength() < 2048) {
        throw new IllegalArgumentException("RSA keys must have at least 2048 bits");
      }
      return new JwtSigner("RS256", keyId, null, key);
    }
    if (kind.equals("EdDSA") || kind.equals("Ed25519")) return new JwtSigner("EdDSA", keyId, null, key);
    throw new IllegalArgumentException("unsupported key type " + kind + " (RSA or Ed25519)");
  }

  public String algorithm() {
    return algorithm;
  }

  /** The compact serialization {@code header.payload.signature} of these claims. */
  public String sign(Map<String, Object> claims) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", algorithm);
    header.put("typ", "JWT");
    if (keyId != null) header.put("kid", keyId);
    String signingInput = encode(Json.write(header)) + "." + encode(Json.write(claims));
    byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
    return signingInput + "." + B64.encodeToString(signature(input));
  }

  private byte[] signature(byte[] input) {
    try {
      switch (algorithm) {
        case "HS256": {
          Mac mac = Mac.getInstance("HmacSHA256");
          mac.init(new SecretKeySpec(secret, "HmacSHA256"));
          return mac.doFinal(input);
        }
        case "RS256": {
          Signature s = Signature.getInstance("SHA256withRSA");
          s.initSign(privateKey);
          s.update(input);
          return s.sign();
        }
        default: {
          Signature s = Signature.getInstance("Ed25519");
          s.initSign(privateKey);
          s.update(input);
          return s.sign();
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with " + algorithm, e);
    }
  }

  private static String encode(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}

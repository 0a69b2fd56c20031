package org.bbbspaces.exo.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The connector's settings, read from the provider's {@code provider-configuration} properties (which the
 * add-on fills from {@code exo.properties}: {@code webconferencing.bbb.url}, {@code .secret},
 * {@code .privateKeyFile}, {@code .keyId}, {@code .issuer}, {@code .audience}, {@code .tokenTtlSeconds},
 * {@code .webhookSecret}, {@code .active}).
 *
 * <p>Host tokens are signed either with {@code secret} (HS256, the HOST_JWT_SECRET of bbb-spaces, at least 32
 * characters) or with the PKCS#8 PEM private key at {@code private-key-file} (RSA: RS256, Ed25519: EdDSA;
 * bbb-spaces then reads the public key from HOST_JWKS_URL). Exactly one of the two.
 */
public final class BbbConfig {
  public static final String URL = "url";
  public static final String SECRET = "secret";
  public static final String PRIVATE_KEY_FILE = "private-key-file";
  public static final String KEY_ID = "key-id";
  public static final String ISSUER = "issuer";
  public static final String AUDIENCE = "audience";
  public static final String TOKEN_TTL = "token-ttl-seconds";
  public static final String WEBHOOK_SECRET = "webhook-secret";
  public static final String ACTIVE = "active";

  /** Host tokens live this long by default; bbb-spaces only needs them for the few calls of one click. */
  public static final int DEFAULT_TTL_SECONDS = 60;
  public static final int MAX_TTL_SECONDS = 120;
  private static final int MIN_SECRET_LENGTH = 32;

  private final String serviceUrl;
  private final JwtSigner signer;
  private final String issuer;
  private final String audience;
  private final int tokenTtlSeconds;
  private final byte[] webhookSecret;
  private final boolean active;

  private BbbConfig(String serviceUrl, JwtSigner signer, String issuer, String audience, int ttl, byte[] webhookSecret, boolean active) {
    this.serviceUrl = serviceUrl;
    this.signer = signer;
    this.issuer = issuer;
    this.audience = audience;
    this.tokenTtlSeconds = ttl;
    this.webhookSecret = webhookSecret;
    this.active = active;
  }

  /**
   * Reads and checks every setting, reporting all problems at once.
   *
   * @param readFile reads the private key file (a path) as text; only called when that setting is present
   */
  public static BbbConfig parse(Map<String, String> props, Function<String, String> readFile) throws ConfigException {
    List<String> problems = new ArrayList<>();
    boolean active = true;
    String activeText = trimmed(props.get(ACTIVE));
    if (activeText != null) {
      if (activeText.equalsIgnoreCase("true")) active = true;
      else if (activeText.equalsIgnoreCase("false")) active = false;
      else problems.add(ACTIVE + " must be true or false");
    }

    String url = trimmed(props.get(URL));
    if (url == null) {
      problems.add(URL + " is required (the bbb-spaces address, e.g. https://meet.example.org)");
    } else {
      url = url.replaceAll("/+$", "");
      try {
        URI uri = new URI(url);
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
          problems.add(URL + " must be an http(s) address");
        } else if (uri.getQuery() != null || uri.getFragment() != null) {
          problems.add(URL + " must not have a query or fragment");
        }
      } catch (URISyntaxException e) {
        problems.add(URL + " is not a valid address");
      }
    }

    String secret = trimmed(props.get(SECRET));
    String keyFile = trimmed(props.get(PRIVATE_KEY_FILE));
    String keyId = trimmed(props.get(KEY_ID));
    JwtSigner signer = null;
    if (secret != null && keyFile != null) {
      problems.add("set either " + SECRET + " or " + PRIVATE_KEY_FILE + ", not both");
    } else if (secret != null) {
      if (secret.length() < MIN_SECRET_LENGTH) problems.add(SECRET + " must be at least " + MIN_SECRET_LENGTH + " characters (bbb-spaces' HOST_JWT_SECRET)");
      else signer = JwtSigner.hs256(secret.getBytes(StandardCharsets.UTF_8));
    } else if (keyFile != null) {
      try {
        PrivateKey key = Pem.readPrivateKey(readFile.apply(keyFile));
        signer = JwtSigner.forPrivateKey(key, keyId);
      } catch (RuntimeException e) {
        problems.add(PRIVATE_KEY_FILE + ": " + e.getMessage());
      }
    } else {
      problems.add(SECRET + " or " + PRIVATE_KEY_FILE + " is required to sign host tokens");
    }

    int ttl = DEFAULT_TTL_SECONDS;
    String ttlText = trimmed(props.get(TOKEN_TTL));
    if (ttlText != null) {
      try {
        ttl = Integer.parseInt(ttlText);
        if (ttl < 10 || ttl > MAX_TTL_SECONDS) problems.add(TOKEN_TTL + " must be between 10 and " + MAX_TTL_SECONDS);
      } catch (NumberFormatException e) {
        problems.add(TOKEN_TTL + " must be a number of seconds");
      }
    }

    String webhook = trimmed(props.get(WEBHOOK_SECRET));
    if (webhook != null && webhook.length() < MIN_SECRET_LENGTH) {
      problems.add(WEBHOOK_SECRET + " must be at least " + MIN_SECRET_LENGTH + " characters (bbb-spaces' HOST_WEBHOOK_SECRET)");
    }

    if (!problems.isEmpty()) throw new ConfigException(problems);
    return new BbbConfig(url, signer, trimmed(props.get(ISSUER)), trimmed(props.get(AUDIENCE)), ttl,
        webhook == null ? null : webhook.getBytes(StandardCharsets.UTF_8), active);
  }

  private static String trimmed(String s) {
    if (s == null) return null;
    s = s.trim();
    // An unset ${webconferencing.bbb.x:} placeholder arrives empty.
    return s.isEmpty() ? null : s;
  }

  /** The bbb-spaces address without a trailing slash; the only setting the browser receives. */
  public String serviceUrl() {
    return serviceUrl;
  }

  public JwtSigner signer() {
    return signer;
  }

  public String issuer() {
    return issuer;
  }

  public String audience() {
    return audience;
  }

  public int tokenTtlSeconds() {
    return tokenTtlSeconds;
  }

  /** The HOST_WEBHOOK_SECRET shared with bbb-spaces, or null when host events are not received. */
  public byte[] webhookSecret() {
    return webhookSecret == null ? null : webhookSecret.clone();
  }

  public boolean active() {
    return active;
  }

  @Override
  public String toString() {
    // Never the secret or key.
    return "BbbConfig[url=" + serviceUrl + ", alg=" + signer.algorithm() + ", ttl=" + tokenTtlSeconds + "s, active=" + active + "]";
  }
}

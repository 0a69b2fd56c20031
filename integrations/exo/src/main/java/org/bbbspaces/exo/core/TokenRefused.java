package org.bbbspaces.exo.core;

/**
 * The token endpoint will not mint a token: {@code status} is the HTTP status to answer (400, 403, 404) and
 * {@code code} a stable lower_snake_case code, as bbb-spaces' own errors.
 */
public final class TokenRefused extends Exception {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;

  public TokenRefused(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The body the REST resource answers: {@code {"error":{"code","message"}}}. */
  public String toJson() {
    return Json.write(java.util.Map.of("error", new java.util.TreeMap<>(java.util.Map.of("code", code, "message", getMessage()))));
  }
}

package org.exoplatform.webconferencing;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class UserInfo {
  public static class IMInfo {
    protected IMInfo(String type, String id) {}
    public String getType() { throw new UnsupportedOperationException("stub"); }
    public String getId() { throw new UnsupportedOperationException("stub"); }
  }
}

package org.exoplatform.webconferencing;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public class WebConferencingService {
  public CallProvider getProvider(String type) { throw new UnsupportedOperationException("stub"); }
  public void addPlugin(CallProvider plugin) { throw new UnsupportedOperationException("stub"); }
  public CallInfo getCall(String id) throws Exception { throw new UnsupportedOperationException("stub"); }
  public CallInfo stopCall(String id, boolean remove) throws Exception { throw new UnsupportedOperationException("stub"); }
}

package org.bbbspaces.exo.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the page hands the browser module: the settings JSON ({@code url}, never a secret) and the script that registers it. */
public final class ProviderSettings {
  private ProviderSettings() {}

  public static String json(String type, String[] supportedTypes, String title, String version, boolean active, String url) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", type);
    json.put("supportedTypes", List.of(supportedTypes));
    json.put("title", title);
    json.put("version", version);
    json.put("active", active);
    json.put("url", url);
    return Json.write(json);
  }

  /**
   * The script the portlet adds to the page, inside GateIn's require of {@code SHARED/webConferencing} (as
   * {@code webConferencing}), {@code SHARED/webConferencing_bbb} ({@code bbb}) and
   * {@code SHARED/webConferencingPortlet} ({@code webConferencingPortlet}). Safe inside a script element: the
   * JSON escapes {@code <}.
   */
  public static String registrationScript(String settingsJson) {
    return "(async function(){ if (bbb) { await webConferencingPortlet.start(); bbb.configure(" + settingsJson
        + "); webConferencing.addProvider(bbb); webConferencing.update(); } })();";
  }
}

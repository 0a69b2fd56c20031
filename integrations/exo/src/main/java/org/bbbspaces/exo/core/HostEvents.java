package org.bbbspaces.exo.core;

import java.util.Optional;

/**
 * What a verified bbb-spaces host event means for eXo's call registry: a meeting of space
 * {@code exo-space-<id>} that ended stops eXo's call {@code g_<pretty name>} (the id eXo's call buttons use for
 * that space), so "call in progress" signals clear even when no browser saw the end.
 */
public final class HostEvents {
  private HostEvents() {}

  public static Optional<String> callToStop(WebhookVerifier.Event event, Directory directory) {
    if (!"meeting.ended".equals(event.type()) || event.spaceId() == null || !event.spaceId().startsWith("exo-space-")) {
      return Optional.empty();
    }
    return directory.spaceById(event.spaceId().substring("exo-space-".length())).map(s -> "g_" + s.prettyName());
  }
}

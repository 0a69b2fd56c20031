package org.bbbspaces.exo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bbbspaces.exo.testkit.FixtureDirectory;
import org.junit.jupiter.api.Test;

class HostEventsTest {
  final FixtureDirectory directory = new FixtureDirectory()
      .addSpace(new Directory.Space("42", "/spaces/team_alpha", "team-alpha", "Team Alpha"), Set.of("alice"), Set.of());

  static WebhookVerifier.Event event(String type, String spaceId) {
    return new WebhookVerifier.Event("evt", type, "2027-01-01T00:00:00Z", spaceId, "room", Map.of());
  }

  @Test
  void anEndedSpaceMeetingStopsTheSpacesCallUnderItsCurrentPrettyName() {
    assertEquals(Optional.of("g_team-alpha"), HostEvents.callToStop(event("meeting.ended", "exo-space-42"), directory));
    directory.rename("42", "team-omega", "Team Omega");
    assertEquals(Optional.of("g_team-omega"), HostEvents.callToStop(event("meeting.ended", "exo-space-42"), directory));
  }

  @Test
  void otherEventsAndOtherSpacesStopNothing() {
    assertEquals(Optional.empty(), HostEvents.callToStop(event("meeting.started", "exo-space-42"), directory));
    assertEquals(Optional.empty(), HostEvents.callToStop(event("meeting.ended", "exo-space-99"), directory));
    assertEquals(Optional.empty(), HostEvents.callToStop(event("meeting.ended", "exo-chat-team-1"), directory));
    assertEquals(Optional.empty(), HostEvents.callToStop(event("meeting.ended", null), directory));
  }
}

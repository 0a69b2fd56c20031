package org.exoplatform.services.organization;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public interface OrganizationService {
  UserHandler getUserHandler();
  UserProfileHandler getUserProfileHandler();
}

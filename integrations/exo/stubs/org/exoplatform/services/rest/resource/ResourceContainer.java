package org.exoplatform.services.rest.resource;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public interface ResourceContainer {}

package org.bbbspaces.exo.core;

import java.util.List;

/** The connector's configuration is unusable; {@link #problems()} lists every problem found, not just the first. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<String> problems;

  public ConfigException(List<String> problems) {
    super("BigBlueButton connector configuration: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}

package org.bbbspaces.exo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bbbspaces.exo.core.BbbConfig;
import org.bbbspaces.exo.core.ConfigException;
import org.bbbspaces.exo.core.ProviderSettings;
import org.exoplatform.container.configuration.ConfigurationException;
import org.exoplatform.container.xml.InitParams;
import org.exoplatform.webconferencing.ActiveCallProvider;
import org.exoplatform.webconferencing.CallProvider;
import org.exoplatform.webconferencing.UserInfo.IMInfo;

/**
 * The BigBlueButton provider of eXo's web-conferencing, backed by bbb-spaces. Registered on
 * {@code WebConferencingService} as an {@code add.callprovider} plugin (conf/portal/configuration.xml); its
 * {@code provider-configuration} comes from {@code webconferencing.bbb.*} in exo.properties.
 */
public class BbbCallProvider extends CallProvider {
  public static final String TYPE = "bbb";
  public static final String TITLE = "BigBlueButton";
  public static final String VERSION = "1.0.0";
  private static final String[] SUPPORTED_TYPES = {TYPE, "space", "chat_room", "user", "space_event"};

  private final BbbConfig bbb;

  /** What the browser module receives: the service URL, never a secret. */
  public class BbbSettings extends Settings {
    public String getUrl() {
      return bbb.serviceUrl();
    }

    /** The JSON given to {@code provider.configure(...)}. */
    public String toJson() {
      return ProviderSettings.json(getType(), getSupportedTypes(), getTitle(), getVersion(), isActive(), getUrl());
    }
  }

  public BbbCallProvider(InitParams params) throws ConfigurationException {
    super(params);
    try {
      this.bbb = BbbConfig.parse(this.config, BbbCallProvider::readFile);
    } catch (ConfigException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
  }

  private static String readFile(String path) {
    try {
      return Files.readString(Path.of(path), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  public BbbConfig bbbConfig() {
    return bbb;
  }

  public BbbSettings getSettings() {
    return new BbbSettings();
  }

  @Override
  public String getType() {
    return TYPE;
  }

  @Override
  public String[] getSupportedTypes() {
    return SUPPORTED_TYPES.clone();
  }

  @Override
  public boolean isSupportedType(String type) {
    return List.of(SUPPORTED_TYPES).contains(type);
  }

  @Override
  public String getTitle() {
    return TITLE;
  }

  @Override
  public String getVersion() {
    return VERSION;
  }

  /** BigBlueButton has no IM accounts in user profiles. */
  @Override
  public IMInfo getIMInfo(String imId) {
    return null;
  }

  @Override
  public List<ActiveCallProvider> getActiveProvidersForSpace(String spaceId) {
    return List.of(new ActiveCallProvider("", TITLE, null, true));
  }
}

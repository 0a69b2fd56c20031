package org.exoplatform.webconferencing;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.exoplatform.container.component.BaseComponentPlugin;
import org.exoplatform.container.configuration.ConfigurationException;
import org.exoplatform.container.xml.InitParams;
import org.exoplatform.webconferencing.UserInfo.IMInfo;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
public abstract class CallProvider extends BaseComponentPlugin {
  public static final String CONFIG_PROVIDER_ACTIVE = "active";
  public static final String CONFIG_PROVIDER_CONFIGURATION = "provider-configuration";
  /** The provider-configuration properties (unmodifiable). */
  protected final Map<String, String> config;
  protected boolean active;

  public abstract class Settings {
    public final boolean isActive() { return CallProvider.this.isActive(); }
    public String getType() { return CallProvider.this.getType(); }
    public String[] getSupportedTypes() { return CallProvider.this.getSupportedTypes(); }
    public String getTitle() { return CallProvider.this.getTitle(); }
    public String getVersion() { return CallProvider.this.getVersion(); }
  }

  public CallProvider(InitParams params) throws ConfigurationException { throw new UnsupportedOperationException("stub"); }
  public final boolean isActive() { return active; }
  public boolean isSupportedType(String type) { return getType().equals(type); }
  public String getDescription(Locale locale) { return getDescription(); }
  public String getDetails() { return getDescription(); }
  public boolean canInvite() { return true; }
  public abstract String getTitle();
  public abstract String getVersion();
  public abstract String getType();
  public abstract String[] getSupportedTypes();
  public abstract IMInfo getIMInfo(String imId) throws CallProviderException;
  public abstract List<ActiveCallProvider> getActiveProvidersForSpace(String spaceId);
}

package org.bbbspaces.exo.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.bbbspaces.exo.core.BbbConfig;
import org.bbbspaces.exo.core.ConfigException;
import org.bbbspaces.exo.core.HostEvents;
import org.bbbspaces.exo.core.Json;
import org.bbbspaces.exo.core.ProviderSettings;
import org.bbbspaces.exo.core.TokenIssuer;
import org.bbbspaces.exo.core.TokenRefused;
import org.bbbspaces.exo.core.WebhookVerifier;

/**
 * The JVM side of the tests that cannot run eXo: the same {@link TokenIssuer} the REST resource uses, over a
 * fixture directory.
 * <ul>
 *   <li>{@code verify --secret S --header H --body-file F} checks a host event's signature.</li>
 *   <li>{@code mint --fixture F --config C <user> <ownerType> <ownerId>} prints the token endpoint's answer.</li>
 *   <li>{@code serve --fixture F --config C --static DIR --module JS [--port P]} serves a stand-in eXo on a loopback port
 *       (printed as {@code listening http://127.0.0.1:PORT}) until its standard input closes: pages under
 *       {@code /portal/}, {@code /portal/rest/bbbspaces/token} (the user comes from the page's cookie, as eXo's
 *       session would), a shared call registry at {@code /portal/rest/webconferencing/call/<id>}, the stand-in
 *       scripts under {@code /standin/} and the provider module at {@code /bbb/js/webconferencing-bbb.js}.</li>
 * </ul>
 */
public final class StandInExo {
  private StandInExo() {}

  /** The verified host events, in arrival order, for {@code GET /standin/received-events}. */
  private static final java.util.List<Map<String, Object>> received = new java.util.concurrent.CopyOnWriteArrayList<>();

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>();
    java.util.List<String> rest = new java.util.ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith("--")) opts.put(args[i].substring(2), args[++i]);
      else rest.add(args[i]);
    }
    if (args[0].equals("verify")) {
      verify(opts);
      return;
    }
    FixtureDirectory directory = FixtureDirectory.fromJson(Files.readString(Path.of(opts.get("fixture"))));
    BbbConfig config = config(Path.of(opts.get("config")));
    TokenIssuer issuer = new TokenIssuer(config, directory, Clock.systemUTC());
    if (args[0].equals("mint")) {
      try {
        System.out.println(issuer.issue(rest.get(0), rest.get(1), rest.get(2)).toJson());
      } catch (TokenRefused refused) {
        System.out.println(refused.toJson());
        System.exit(3);
      }
      return;
    }
    serve(issuer, config, directory, Path.of(opts.get("static")), Path.of(opts.get("module")), Integer.parseInt(opts.getOrDefault("port", "0")));
  }

  /** {@code verify --secret S --header H --body-file F}: prints the event read from a signed body, or exits 4 with the code. */
  private static void verify(Map<String, String> opts) throws IOException {
    WebhookVerifier verifier = new WebhookVerifier(opts.get("secret").getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
    try {
      WebhookVerifier.Event e = verifier.verify(opts.get("header"), Files.readAllBytes(Path.of(opts.get("body-file"))));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", e.id());
      out.put("type", e.type());
      out.put("spaceId", e.spaceId());
      out.put("roomId", e.roomId());
      out.put("data", e.data());
      System.out.println(Json.write(out));
    } catch (WebhookVerifier.Rejected rejected) {
      System.out.println(rejected.code());
      System.exit(4);
    }
  }

  static BbbConfig config(Path file) throws IOException, ConfigException {
    Properties p = new Properties();
    p.load(new StringReader(Files.readString(file)));
    Map<String, String> map = new HashMap<>();
    p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
    return BbbConfig.parse(map, path -> {
      try {
        return Files.readString(Path.of(path));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + path);
      }
    });
  }

  private static void serve(TokenIssuer issuer, BbbConfig config, FixtureDirectory directory, Path staticDir, Path module, int port) throws IOException {
    Map<String, Map<String, Object>> calls = new ConcurrentHashMap<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", ex -> {
      try {
        route(ex, issuer, config, directory, staticDir, module, calls);
      } catch (RuntimeException e) {
        send(ex, 500, "text/plain", String.valueOf(e));
      } finally {
        ex.close();
      }
    });
    server.start();
    System.out.println("listening http://127.0.0.1:" + server.getAddress().getPort());
    System.out.flush();
    // Stops when the test closes our standard input (or dies): no server outlives its test.
    InputStream in = System.in;
    while (in.read() >= 0) {
      // drain
    }
    server.stop(0);
    System.exit(0);
  }

  private static void route(HttpExchange ex, TokenIssuer issuer, BbbConfig config, FixtureDirectory directory, Path staticDir,
      Path module, Map<String, Map<String, Object>> calls) throws IOException {
    String path = ex.getRequestURI().getPath();
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    String user = cookie(ex, "standin_user");
    if (path.equals("/portal/rest/bbbspaces/token")) {
      if (user == null) {
        send(ex, 401, "application/json", "{\"error\":{\"code\":\"not_signed_in\",\"message\":\"Sign in first.\"}}");
        return;
      }
      try {
        send(ex, 200, "application/json", issuer.issue(user, query.get("ownerType"), query.get("ownerId")).toJson());
      } catch (TokenRefused refused) {
        send(ex, refused.status(), "application/json", refused.toJson());
      }
    } else if (path.equals("/portal/rest/bbbspaces/events") && ex.getRequestMethod().equals("POST")) {
      hostEvent(ex, config, directory, calls);
    } else if (path.equals("/standin/received-events")) {
      send(ex, 200, "application/json", Json.write(received));
    } else if (path.startsWith("/portal/rest/webconferencing/call/")) {
      calls(ex, path.substring("/portal/rest/webconferencing/call/".length()), query, calls);
    } else if (path.startsWith("/portal/")) {
      String as = query.getOrDefault("user", "");
      Map<String, Object> portal = new LinkedHashMap<>();
      portal.put("context", "/portal");
      portal.put("rest", "rest");
      portal.put("userName", as);
      portal.put("language", query.getOrDefault("lang", "en"));
      String space = query.get("space");
      if (space != null) {
        directory.spaceByPrettyName(space).ifPresent(s -> {
          portal.put("spaceId", s.id());
          portal.put("spaceName", s.prettyName());
          portal.put("spaceDisplayName", s.displayName());
        });
      }
      String settings = ProviderSettings.json("bbb", new String[] {"bbb", "space", "chat_room", "user", "space_event"},
          "BigBlueButton", "1.0.0", config.active(), config.serviceUrl());
      String page = Files.readString(staticDir.resolve("page.html"))
          .replace("{{PORTAL}}", Json.write(portal))
          .replace("{{REGISTRATION}}", ProviderSettings.registrationScript(settings));
      ex.getResponseHeaders().add("Set-Cookie", "standin_user=" + as + "; Path=/; HttpOnly; SameSite=Lax");
      send(ex, 200, "text/html; charset=utf-8", page);
    } else if (path.equals("/bbb/js/webconferencing-bbb.js")) {
      send(ex, 200, "text/javascript", Files.readString(module));
    } else if (path.startsWith("/standin/") && path.matches("/standin/[a-z0-9-]+\\.(js|css)")) {
      Path file = staticDir.resolve(path.substring("/standin/".length()));
      if (!Files.exists(file)) send(ex, 404, "text/plain", "not found");
      else send(ex, 200, path.endsWith(".js") ? "text/javascript" : "text/css", Files.readString(file));
    } else {
      send(ex, 404, "text/plain", "not found");
    }
  }

  /** What BbbEventsResource does, over the stand-in registry: verify, then stop the space's call when its meeting ended. */
  private static void hostEvent(HttpExchange ex, BbbConfig config, FixtureDirectory directory, Map<String, Map<String, Object>> calls)
      throws IOException {
    if (config.webhookSecret() == null) {
      send(ex, 404, "text/plain", "no webhook secret");
      return;
    }
    WebhookVerifier.Event event;
    try {
      event = new WebhookVerifier(config.webhookSecret(), Clock.systemUTC())
          .verify(ex.getRequestHeaders().getFirst(WebhookVerifier.HEADER), ex.getRequestBody().readAllBytes());
    } catch (WebhookVerifier.Rejected rejected) {
      send(ex, 401, "application/json", "{\"error\":{\"code\":\"" + rejected.code() + "\"}}");
      return;
    }
    Map<String, Object> seen = new LinkedHashMap<>();
    seen.put("id", event.id());
    seen.put("type", event.type());
    seen.put("spaceId", event.spaceId());
    seen.put("roomId", event.roomId());
    received.add(seen);
    HostEvents.callToStop(event, directory).ifPresent(callId -> {
      Map<String, Object> call = calls.get(callId);
      if (call != null) call.put("state", "stopped");
    });
    send(ex, 204, "text/plain", "");
  }

  /** eXo's call registry, reduced to what providers touch: get (404 NOT_FOUND_ERROR), add, update state. */
  private static void calls(HttpExchange ex, String id, Map<String, String> query, Map<String, Map<String, Object>> calls) throws IOException {
    String method = ex.getRequestMethod();
    if (method.equals("GET")) {
      Map<String, Object> call = calls.get(id);
      if (call == null) send(ex, 404, "application/json", "{\"code\":\"NOT_FOUND_ERROR\",\"message\":\"Call not found\"}");
      else send(ex, 200, "application/json", Json.write(call));
    } else if (method.equals("POST")) {
      Map<String, Object> call = new LinkedHashMap<>(Json.parseObject(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      call.put("id", id);
      call.put("state", "started");
      calls.put(id, call);
      send(ex, 200, "application/json", Json.write(call));
    } else if (method.equals("PUT")) {
      Map<String, Object> call = calls.get(id);
      if (call == null) {
        send(ex, 404, "application/json", "{\"code\":\"NOT_FOUND_ERROR\",\"message\":\"Call not found\"}");
        return;
      }
      call.put("state", query.getOrDefault("state", "started"));
      send(ex, 200, "application/json", Json.write(call));
    } else {
      send(ex, 405, "text/plain", "method not allowed");
    }
  }

  private static String cookie(HttpExchange ex, String name) {
    for (String header : ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
      for (String part : header.split(";")) {
        String[] kv = part.trim().split("=", 2);
        if (kv.length == 2 && kv[0].equals(name) && !kv[1].isEmpty()) return kv[1];
      }
    }
    return null;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> map = new HashMap<>();
    if (raw == null) return map;
    for (String part : raw.split("&")) {
      String[] kv = part.split("=", 2);
      map.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return map;
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}

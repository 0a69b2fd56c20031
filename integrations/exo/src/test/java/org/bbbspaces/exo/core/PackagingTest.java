package org.bbbspaces.exo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The XML files operators and eXo read: well-formed, and the pom builds against eXo's artifacts as provided. */
class PackagingTest {
  static final Path EXO = Path.of(System.getProperty("bbb.exo.dir", "integrations/exo"));

  static Document parse(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    DocumentBuilder b = f.newDocumentBuilder();
    b.setErrorHandler(null);
    return b.parse(file.toFile());
  }

  @Test
  void everyXmlFileIsWellFormed() throws Exception {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(EXO.resolve("src"))) {
      s.filter(p -> p.toString().endsWith(".xml")).forEach(files::add);
    }
    files.add(EXO.resolve("pom.xml"));
    assertTrue(files.size() >= 7, files.toString());
    for (Path f : files) parse(f);
  }

  @Test
  void thePomTakesEveryEXoArtifactAsProvidedAndNeverTheStubs() throws Exception {
    Document pom = parse(EXO.resolve("pom.xml"));
    NodeList deps = pom.getElementsByTagNameNS("*", "dependency");
    int exo = 0;
    for (int i = 0; i < deps.getLength(); i++) {
      Element d = (Element) deps.item(i);
      String group = d.getElementsByTagNameNS("*", "groupId").item(0).getTextContent().trim();
      NodeList scope = d.getElementsByTagNameNS("*", "scope");
      String sc = scope.getLength() == 0 ? "compile" : scope.item(0).getTextContent().trim();
      if (group.startsWith("org.exoplatform") || group.startsWith("io.meeds") || group.startsWith("javax.")) {
        exo++;
        assertEquals("provided", sc, group + " must be provided by eXo");
      }
    }
    assertTrue(exo >= 4, "the pom lists eXo's artifacts");
    String text = Files.readString(EXO.resolve("pom.xml"));
    assertFalse(text.contains("<source>stubs") || text.contains("stubs</directory>"), "stubs are never built by Maven");
    assertEquals("17", pom.getElementsByTagNameNS("*", "maven.compiler.release").item(0).getTextContent().trim());
  }

  @Test
  void theModuleIsDeclaredUnderTheNameThePortletRequires() throws Exception {
    Document res = parse(EXO.resolve("src/main/webapp/WEB-INF/gatein-resources.xml"));
    assertEquals("webConferencing_bbb", res.getElementsByTagNameNS("*", "name").item(0).getTextContent().trim());
    Document conf = parse(EXO.resolve("src/main/resources/conf/portal/configuration.xml"));
    String xml = Files.readString(EXO.resolve("src/main/resources/conf/portal/configuration.xml"));
    assertTrue(xml.contains("<name>add.callprovider</name>") && xml.contains("org.bbbspaces.exo.BbbCallProvider"));
    assertTrue(conf.getElementsByTagNameNS("*", "property").getLength() >= 9);
  }
}

package org.bbbspaces.exo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void writesAndReadsBack() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("name", "Élodie \"Zoé\" \\ O'Neil\n");
    value.put("n", 42L);
    value.put("ok", true);
    value.put("list", List.of("a", 1L));
    value.put("none", null);
    assertEquals(value, Json.parse(Json.write(value)));
  }

  @Test
  void cannotCloseAScriptElement() {
    assertEquals("\"\\u003c/script\\u003e\"", Json.write("</script>"));
  }

  @Test
  void refusesMalformedInput() {
    for (String bad : new String[] {"", "{", "{\"a\":}", "[1,]", "{\"a\":1} x", "\"\\x\"", "tru"}) {
      assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
    }
  }
}

#!/usr/bin/env bash
# Builds and tests the eXo add-on with the JDK and Debian's junit5 package alone (no Maven registry needed):
#   1. compiles the eXo API stubs (stubs/, compile-only, never packaged),
#   2. compiles the connector against them, then its tests,
#   3. runs the JUnit 5 tests (skipped with --skip-tests),
#   4. packages the add-on: lib/bbb-spaces-exo-services.jar + webapps/bbb.war in bbb-spaces-exo-addon.zip.
# BUILD_DIR (default integrations/exo/build) receives everything; JUNIT_CONSOLE overrides the launcher's path.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${BUILD_DIR:-$here/build}"
run_tests=1
[ "${1:-}" = "--skip-tests" ] && run_tests=0

for tool in javac java jar; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build.sh: $tool not found (apt-get install openjdk-17-jdk-headless)" >&2; exit 2; }
done
release=$(javac -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')
if [ "$release" -lt 17 ]; then echo "build.sh: javac 17 or later is needed (found $release)" >&2; exit 2; fi
junit="${JUNIT_CONSOLE:-}"
if [ -z "$junit" ]; then
  for candidate in /usr/share/java/junit-platform-console-standalone.jar /usr/share/java/junit-platform-console-standalone-*.jar; do
    [ -f "$candidate" ] && { junit="$candidate"; break; }
  done
fi
[ -n "$junit" ] && [ -f "$junit" ] || { echo "build.sh: JUnit 5 console launcher not found (apt-get install junit5)" >&2; exit 2; }

rm -rf "$out"
mkdir -p "$out/stubs" "$out/classes" "$out/test-classes" "$out/jar" "$out/war" "$out/addon/lib" "$out/addon/webapps"
javac_opts=(--release 17 -encoding UTF-8 -Xlint:all,-processing,-serial -Werror)

find "$here/stubs" -name '*.java' > "$out/stubs.txt"
javac --release 17 -encoding UTF-8 -nowarn -d "$out/stubs" @"$out/stubs.txt"
find "$here/src/main/java" -name '*.java' > "$out/main.txt"
javac "${javac_opts[@]}" -cp "$out/stubs" -d "$out/classes" @"$out/main.txt"
find "$here/src/test/java" -name '*.java' > "$out/test.txt"
javac "${javac_opts[@]}" -cp "$out/classes:$junit" -d "$out/test-classes" @"$out/test.txt"

if [ "$run_tests" = 1 ]; then
  java -Dbbb.exo.dir="$here" -jar "$junit" --disable-banner --disable-ansi-colors --details=tree --fail-if-no-tests \
    --class-path "$out/classes:$out/test-classes" --scan-class-path "$out/test-classes"
fi

# The services jar: the connector's classes and its kernel configuration, never a stub.
cp -r "$out/classes/." "$out/jar/"
cp -r "$here/src/main/resources/." "$out/jar/"
jar --create --file "$out/addon/lib/bbb-spaces-exo-services.jar" -C "$out/jar" .
# The webapp: portlet, GateIn resources (the AMD module), add-on configuration and fr/en locale bundles.
cp -r "$here/src/main/webapp/." "$out/war/"
jar --create --file "$out/addon/webapps/bbb.war" -C "$out/war" .
cp "$here/README.md" "$out/addon/README.md"
(cd "$out/addon" && jar --create --no-manifest --file "$out/bbb-spaces-exo-addon.zip" .)
# Only the archives stay: no second copy of the sources for linters to find.
rm -rf "$out/jar" "$out/war" "$out/addon" "$out"/*.txt
echo "build.sh: $out/bbb-spaces-exo-addon.zip"

#!/usr/bin/env bash
# The README's "Getting the artifacts", as a new user does it: the install command on this clone, then a
# new Maven project that imports the BOM and depends on every module the BOM lists, without versions,
# must resolve offline from the local repository. Also fails when a published module (a module of the
# root pom that does not set maven.deploy.skip) is missing from the BOM.
#
#   .ci/check-artifacts.sh                     the user's local repository (~/.m2/repository)
#   MAVEN_REPO_LOCAL=/tmp/m2 .ci/check-artifacts.sh   another one (seed it, e.g. cp -r ~/.m2/repository, to
#                                              save the downloads)
# Run by .ci/run after the README's test command. Needs what that needs (JDK 17+, node and npm).
set -euo pipefail
cd "$(dirname "$0")/.."

repo=()
if [ -n "${MAVEN_REPO_LOCAL:-}" ]; then
  repo=("-Dmaven.repo.local=$MAVEN_REPO_LOCAL")
fi

# 1. The BOM lists every published module.
# (the managed artifacts; channels-bom itself appears only in the usage comment)
bom_modules=$(sed -n '/<dependencyManagement>/,/<\/dependencyManagement>/s:.*<artifactId>\(channels-[a-z-]*\)</artifactId>.*:\1:p' channels-bom/pom.xml \
  | grep -vx channels-bom | sort -u)
missing=()
for module in $(sed -n 's:.*<module>\(channels-[a-z-]*\)</module>.*:\1:p' pom.xml); do
  [ "$module" = channels-bom ] && continue
  grep -q '<packaging>pom</packaging>' "$module/pom.xml" && continue
  grep -q '<maven.deploy.skip>true</maven.deploy.skip>' "$module/pom.xml" && continue
  echo "$bom_modules" | grep -qx "$module" || missing+=("$module")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "check-artifacts: published modules missing from channels-bom/pom.xml: ${missing[*]}" >&2
  exit 1
fi

# 2. The README's install command.
./mvnw -B -ntp "${repo[@]}" install -DskipTests

# 3. A new project that imports the BOM resolves every module it lists, offline.
version=$(grep -A1 '^  <artifactId>channels-bom</artifactId>' channels-bom/pom.xml | sed -n 's:.*<version>\(.*\)</version>.*:\1:p')
consumer=$(mktemp -d)
trap 'rm -rf "$consumer"' EXIT
{
  cat <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>bom-consumer</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>dev.channels</groupId>
        <artifactId>channels-bom</artifactId>
        <version>$version</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
POM
  for module in $bom_modules; do
    printf '    <dependency><groupId>dev.channels</groupId><artifactId>%s</artifactId></dependency>\n' "$module"
  done
  printf '  </dependencies>\n</project>\n'
} > "$consumer/pom.xml"
# the dependency plugin at the version the build uses, so that it is in the local repository already
./mvnw -B -ntp -o "${repo[@]}" -f "$consumer/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:resolve
echo "check-artifacts: a project importing channels-bom $version resolved: $(echo $bom_modules)"

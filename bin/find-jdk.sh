# Sourced by ./osprey and .ci/run: exports JAVA_HOME pointing at a JDK 25 or newer.
# Looks in OSPREY_JAVA_HOME, JAVA_HOME, then the usual JDK directories; fails with a clear message.
osprey_required_java=25

osprey_java_major() { # $1 = JDK home; prints its major version or nothing
  local release="$1/release" version
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  if [ -f "$release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  else
    version=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  [ -n "$version" ] && echo "$version"
}

osprey_find_jdk() {
  local candidate major
  for candidate in "${OSPREY_JAVA_HOME:-}" "${JAVA_HOME:-}" \
      /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    major=$(osprey_java_major "$candidate") || continue
    if [ "$major" -ge "$osprey_required_java" ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! OSPREY_JDK=$(osprey_find_jdk); then
  echo "osprey: no JDK $osprey_required_java or newer found." >&2
  echo "  Looked in OSPREY_JAVA_HOME, JAVA_HOME, /usr/lib/jvm, /opt/java, ~/.sdkman and ~/.jdks." >&2
  echo "  Install one (e.g. Temurin 25) and set OSPREY_JAVA_HOME to its directory." >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME="$OSPREY_JDK"
export PATH="$JAVA_HOME/bin:$PATH"

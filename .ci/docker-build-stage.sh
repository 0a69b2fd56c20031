#!/usr/bin/env bash
# Runs the Dockerfile's build stage (`FROM … AS build`) without Docker: its COPY and RUN lines, in order, in a
# scratch copy of the checkout (files the .dockerignore leaves out are not copied), then checks what the runtime
# stage takes from it is there. Docker cannot run on CI machines; this keeps the build stage honest.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/bbb-spaces-docker-build.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

# The build stage's instructions, continuation lines joined.
stage="$(awk '
  /^FROM .* AS build$/ { inside = 1; next }
  /^FROM / { inside = 0 }
  inside && !/^#/ && NF { print }
' "$root/Dockerfile" | sed -e ':a' -e '/\\$/N; s/\\\n//; ta')"
[ -n "$stage" ] || { echo "docker-build-stage: no 'FROM … AS build' stage in the Dockerfile" >&2; exit 1; }

# What `COPY . .` sends: the checkout's files minus .dockerignore's patterns.
excludes=()
while IFS= read -r pattern; do
  [[ -z "$pattern" || "$pattern" == \#* ]] && continue
  excludes+=("--exclude=${pattern#\*\*/}")
done < "$root/.dockerignore"

while IFS= read -r line; do
  instruction="${line%% *}"
  args="${line#* }"
  case "$instruction" in
    WORKDIR) ;;
    COPY)
      read -r -a parts <<< "$args"
      dest="${parts[-1]}"
      unset 'parts[-1]'
      for src in "${parts[@]}"; do
        if [ "$src" = "." ]; then
          tar -C "$root" "${excludes[@]}" -cf - . | tar -C "$scratch/$dest" -xf -
        else
          mkdir -p "$scratch/$dest"
          cp -R "$root/$src" "$scratch/$dest"
        fi
      done
      ;;
    RUN)
      echo "docker-build-stage: RUN $args"
      (cd "$scratch" && bash -euo pipefail -c "$args")
      ;;
    *) echo "docker-build-stage: unsupported instruction in the build stage: $line" >&2; exit 1 ;;
  esac
done <<< "$stage"

for built in dist/server/main.js dist/server/cli/index.js dist/widget/v1/bbb-spaces.js dist/widget/link/room-link.js; do
  [ -f "$scratch/$built" ] || { echo "docker-build-stage: $built missing after the build stage" >&2; exit 1; }
done
echo "docker-build-stage: ok (dist/server and dist/widget built)"

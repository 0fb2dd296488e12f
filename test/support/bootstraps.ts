/**
 * A `provided` runtime written in shell, as custom runtimes often are: curl long-polls the Runtime API
 * (a new connection for every request) and posts back the JSON the caller's template builds from $EVENT.
 */
export function curlBootstrap(responseJson: string, beforeAnswer = ''): string {
  return `#!/bin/sh
set -eu
API="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation"
while true; do
  HEADERS=$(mktemp)
  EVENT=$(curl -sS -D "$HEADERS" "$API/next")
  ID=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
${beforeAnswer ? `  ${beforeAnswer}\n` : ''}  curl -sS -o /dev/null -X POST "$API/$ID/response" -d "${responseJson}"
  rm -f "$HEADERS"
done
`;
}

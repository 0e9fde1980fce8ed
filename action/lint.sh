#!/usr/bin/env bash
# The lint step of the govlint GitHub Action: annotations in the log, SARIF to a file, a
# Markdown summary on the job page. The exit status becomes the step's "exit-code" output, so
# the SARIF upload still runs before the job fails.
set -u
read -r -a paths <<< "${GOVLINT_PATHS:-.}"
read -r -a extra <<< "${GOVLINT_ARGS:-}"
summary="$(mktemp)"
govlint "${paths[@]}" "${extra[@]}" --format github \
  --format "sarif=${GOVLINT_SARIF:-govlint.sarif}" --format "markdown=${summary}"
status=$?
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -s "$summary" ]; then
  cat "$summary" >> "$GITHUB_STEP_SUMMARY"
fi
rm -f "$summary"
echo "exit-code=${status}" >> "${GITHUB_OUTPUT:-/dev/null}"
exit 0

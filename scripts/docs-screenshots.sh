#!/usr/bin/env bash
# make docs-screenshots: refresh the web panel guide's pictures (docs/panel/images) from the screenshots the panel's
# browser tests take (PanelBrowser.CheckAsync, under the integration tests' output). Run the panel tests first
# (dotnet test tests/SendGateway.IntegrationTests -c Release --filter "FullyQualifiedName~Panel"), then this, and
# review the pictures before committing: they must show test data only, never a secret.
set -euo pipefail
cd "$(dirname "$0")/.."
from=tests/SendGateway.IntegrationTests/bin/Release/net10.0/screenshots
to=docs/panel/images
# picture in the guide <- test that takes it / its file
pictures=(
  "overview.png EveryNumberOfTheOverviewCountsEachMessageOnceByWhereItStandsNow/overview-numbers-7d.png"
  "activity.png ActivityListsMessagesWithBadgesAndSubjectsAndSearchesThem/activity-messages.png"
  "message.png TheOverviewCountsSendsMadeThroughTheApiAndActivityFindsTheMessageWithTheMxReply/message.png"
  "domains.png AnAdminAddsVerifiesAndRemovesADomainAndAViewerOnlyReadsIt/domains.png"
  "templates.png ADeveloperCreatesPreviewsEditsComparesAndRollsBackATemplateWithTheApisAuditActions/templates-preview.png"
  "webhooks.png ADeveloperAddsAnEndpointSendsATestThatVerifiesAndSeesItInTheDeliveryLog/webhooks.png"
  "suppressions.png ADeveloperAddsRemovesAndExportsSuppressionsWhileAViewerOnlyReads/suppressions.png"
  "settings.png AnAdminChangesSettingsWithTheApisRulesAndTheSameAuditAction/settings.png"
  "operator-queues.png AnOperatorSeesTheQueueAndReplaysAndDiscardsDeadLetters/operator-queues.png"
)
mkdir -p "$to"
for entry in "${pictures[@]}"; do
  read -r name source <<<"$entry"
  [ -f "$from/$source" ] || { echo "missing $from/$source: run the panel tests first" >&2; exit 1; }
  cp "$from/$source" "$to/$name"
done
echo "copied ${#pictures[@]} pictures to $to"

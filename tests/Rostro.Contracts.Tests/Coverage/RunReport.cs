using System.Globalization;
using System.Text;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Coverage;

/// <summary>What the run says on the console at its start and its end (xunit diagnostic messages, shown by <c>dotnet test</c> at its default verbosity).</summary>
public static class RunReport
{
    private const int ShownFailures = 15;

    /// <summary>The one message of a run that cannot start.</summary>
    public static string CannotStart(RunPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var text = new StringBuilder("Rostro contract suite: the run cannot start; no check was run.").AppendLine();
        foreach (var problem in plan.Problems)
        {
            text.Append("  ").AppendLine(problem);
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>The start: the target and why it was taken for what it is, the credentials, the limits, what will run and what will not.</summary>
    public static string Banner(ContractTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var plan = target.Plan;
        var settings = target.Settings;
        var inventory = RunInventory.Suite;
        var text = new StringBuilder().Append("Rostro contract suite: ").AppendLine(target.Description);
        Line(text, "Taken for", KindName(plan.Kind) + ": " + plan.Why);
        Line(text, "Credentials", plan.Credentials);
        Line(text, "Limits", string.Create(CultureInfo.InvariantCulture,
            $"{(target.RateLimit is { } rate ? $"{rate:0.##} requests/s" : "no rate limit")} (ROSTRO_RATE_LIMIT), {settings.Timeout.TotalSeconds:0.#} s per call (ROSTRO_TIMEOUT_SECONDS), destructive checks {(plan.IsLive ? settings.AllowDestructive ? "on" : "off" : "on (a mock)")} (ROSTRO_ALLOW_DESTRUCTIVE), generated values from seed {settings.Seed} (ROSTRO_SEED)"));
        foreach (var line in target.Credits.Describe())
        {
            Line(text, "Credits", line);
        }

        Line(text, "Checks", $"{inventory.Runs(plan)} will run: " + string.Join(", ", inventory.Rows.Where(r => plan.Runs(r.Gate))
            .GroupBy(r => Kind(r.Check.Split('.')[0])).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()} {g.Key}")));
        Line(text, "Generated", $"valid values: at most {Checks.ValidInputs.MaxPerOperation} per read-only operation ({Checks.ValidInputs.Samples} of them drawn from seed {settings.Seed}; ROSTRO_SEED replays them)");
        foreach (var group in inventory.LeftOut(plan).GroupBy(g => g.Kind))
        {
            text.Append("  ").Append(Gate.Heading(group.Key)).Append(" (").Append(group.Sum(g => g.Count)).AppendLine("):");
            foreach (var (_, reason, count) in group)
            {
                text.Append(CultureInfo.InvariantCulture, $"    {count,5}  {reason}").AppendLine();
            }
        }

        foreach (var note in plan.Notes)
        {
            Line(text, "Note", note);
        }

        Results(text, target);
        return text.ToString().TrimEnd();
    }

    /// <summary>The end: how much of what applies was checked, the failures, why checks could not run, what was left on the target, where the files are.</summary>
    public static string Summary(ContractTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var outcomes = target.Outcomes;
        var inventory = RunInventory.Suite;
        var text = new StringBuilder().Append("Rostro contract suite: done against ").AppendLine(target.Description);
        Line(text, "Checked", $"{outcomes.Headline("here")}: {outcomes.Passed} passed, {outcomes.Failed} failed; {outcomes.Skipped} could not run");
        var leftOut = inventory.LeftOut(target.Plan).Sum(g => g.Count);
        if (leftOut > 0)
        {
            Line(text, "Left out", $"{leftOut} checks that do not apply to this target or its settings (listed at the start and in contract-coverage.md)");
        }

        var filtered = inventory.Runs(target.Plan) - outcomes.Applies;
        if (filtered > 0)
        {
            Line(text, "Filtered", $"{filtered} checks not selected by this run's --filter");
        }

        if (outcomes.Failed > 0)
        {
            text.AppendLine("  Failed:");
            foreach (var (test, message) in outcomes.Failures.Take(ShownFailures))
            {
                text.Append("    ").Append(test).Append(": ").AppendLine(message);
            }

            if (outcomes.Failed > ShownFailures)
            {
                text.Append(CultureInfo.InvariantCulture, $"    … and {outcomes.Failed - ShownFailures} more (contract-coverage.md lists them all)").AppendLine();
            }
        }

        if (outcomes.Skipped > 0)
        {
            text.Append("  Could not run (").Append(outcomes.Skipped).AppendLine("):");
            foreach (var (reason, count) in outcomes.SkipReasons)
            {
                text.Append(CultureInfo.InvariantCulture, $"    {count,5}  {reason}").AppendLine();
            }
        }

        foreach (var line in target.Credits.Report())
        {
            Line(text, "Credits", line);
        }

        Line(text, "Cleanup", target.Cleanup.Describe());
        foreach (var failure in target.Cleanup.Failures)
        {
            text.Append("    left: ").AppendLine(failure);
        }

        Results(text, target);
        return text.ToString().TrimEnd();
    }

    /// <summary>What the coverage table says about the run beyond its rows: the headline, the gaps, what could not run, what was left out, what stayed on the target.</summary>
    public static RunSections Sections(ContractTarget target, CoverageTable table)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(table);
        var outcomes = target.Outcomes;
        var headline = $"Checked {outcomes.Headline("to this target")}: {outcomes.Passed} passed, {outcomes.Failed} failed, {outcomes.Skipped} could not run.";
        var checkedRules = table.Rules.Where(r => r.Passed + r.Failed > 0).Select(r => r.Rule).ToHashSet(StringComparer.Ordinal);
        var gaps = Mimic.CompletionsPlan.Rules.Keys.Where(r => !checkedRules.Contains(r))
            .Select(r => (r, $"{Mimic.CompletionsPlan.Rules[r]}: no request of this run checked it ({WhyUnchecked(target, r)})"))
            .ToList();
        var leftOut = RunInventory.Suite.LeftOut(target.Plan).Select(l => (Gate.Heading(l.Kind), l.Reason, l.Count)).ToList();
        return new RunSections(headline, gaps, outcomes.SkipReasons, leftOut, target.Cleanup.Failures, target.Cleanup.ChangedForGood, string.Empty);
    }

    // Why a completions rule went unchecked: its requests were not bought, or were bought but did not get as far.
    private static string WhyUnchecked(ContractTarget target, string rule)
    {
        var requests = Mimic.CompletionsPlan.Requests.Where(r => r.Rules.Contains(rule)).Select(r => r.Key).ToList();
        return requests.Any(k => Gate.Credits(k).Opens(target.Kind, target.Settings))
            ? $"the requests that check it ({string.Join(", ", requests)}) were filtered out or stopped before it"
            : $"the requests that check it ({string.Join(", ", requests)}) are beyond ROSTRO_CREDITS_BUDGET={target.Settings.CreditsBudget}";
    }

    private static void Results(StringBuilder text, ContractTarget target)
    {
        Line(text, "Coverage", Path.Combine(target.ResultsDirectory, "contract-coverage.md") + " (and .json)");
        Line(text, "Evidence", Path.Combine(target.ResultsDirectory, "contract-evidence") + Path.DirectorySeparatorChar + " (one file per failed check)");
    }

    // A test class as the kind of check it holds (ValidInputTests → valid input).
    private static string Kind(string testClass) => testClass switch
    {
        "DocumentedAnswerTests" => "spec examples",
        "ValidInputTests" => "valid values",
        "InvalidInputTests" => "invalid input",
        "AuthenticationTests" => "credentials",
        "MethodNotAllowedTests" => "undeclared methods",
        "MimicTests" or "StreamingTests" => "completions rules one by one",
        "OpenAiSdkTests" => "OpenAI SDK",
        "TypedClientTests" => "typed client",
        "McpTests" => "MCP",
        "ErrorEnvelopeTests" => "error envelopes",
        "ForeignResourceTests" => "another user's resources",
        "ListingTests" => "listing rules",
        "LifecycleTests" or "DestructiveLifecycleTests" => "lifecycles",
        "CompletionsPlanTests" => "completions plan",
        _ => testClass.Replace("Tests", string.Empty, StringComparison.Ordinal),
    };

    private static string KindName(TargetKind kind) => kind switch
    {
        TargetKind.InProcessMock => "the in-process mock",
        TargetKind.RemoteMock => "a Rostro mock",
        _ => "a live API",
    };

    private static void Line(StringBuilder text, string label, string value) => text.Append("  ").Append((label + ":").PadRight(13)).AppendLine(value);
}

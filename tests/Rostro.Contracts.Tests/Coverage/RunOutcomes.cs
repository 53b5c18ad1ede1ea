using System.Collections.Concurrent;

namespace Rostro.Contracts.Tests.Coverage;

/// <summary>How each check of the run ended: passed, failed (with its first line), or could not run (with its reason).</summary>
public sealed class RunOutcomes
{
    private readonly ConcurrentDictionary<string, string> _skipReasons = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Test, string Message)> _failures = new();
    private readonly ConcurrentQueue<string> _skips = new();
    private int _passed;

    public int Passed => Volatile.Read(ref _passed);

    public int Failed => _failures.Count;

    public int Skipped => _skips.Count;

    /// <summary>The checks that applied: those that ran and those that could not.</summary>
    public int Applies => Passed + Failed + Skipped;

    /// <summary><c>N of the M checks that apply {where} (P%)</c>: how much of what applies was checked.</summary>
    public string Headline(string where)
    {
        var ran = Passed + Failed;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ran} of the {Applies} checks that apply {where} ({(Applies == 0 ? 0 : 100.0 * ran / Applies):0}%)");
    }

    /// <summary>The failed checks: test name and the first line of the failure.</summary>
    public IReadOnlyList<(string Test, string Message)> Failures => [.. _failures];

    /// <summary>Why checks could not run, grouped, most frequent first.</summary>
    public IReadOnlyList<(string Reason, int Count)> SkipReasons =>
        _skips.GroupBy(r => r, StringComparer.Ordinal).Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();

    /// <summary>Remembers why the running test is about to skip (its outcome arrives later, in <see cref="Record"/>).</summary>
    public void SkipReason(string testId, string reason) => _skipReasons[testId] = reason;

    public void Record(string testId, string test, TestResult result, string? message)
    {
        switch (result)
        {
            case TestResult.Passed:
                Interlocked.Increment(ref _passed);
                break;
            case TestResult.Failed:
                _failures.Enqueue((test, FirstLine(message)));
                break;
            case TestResult.Skipped:
                _skips.Enqueue(_skipReasons.TryRemove(testId, out var reason) ? reason : FirstLine(message));
                break;
        }
    }

    private static string FirstLine(string? text) => (text ?? "(no message)").Split('\n', 2)[0].Trim();
}

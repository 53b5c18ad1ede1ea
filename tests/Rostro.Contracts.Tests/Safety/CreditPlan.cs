using System.Collections.Concurrent;
using Rostro.Contracts.Tests.Mimic;

namespace Rostro.Contracts.Tests.Safety;

/// <summary>How a live run spends its credits: decided before the run, the same every run, so the same rules are checked every time.</summary>
/// <remarks>
/// Credits go, in a fixed order, to the checks that need them: first the API's own rules (a generation; the completions
/// requests of <see cref="CompletionsPlan"/>, each checking several rules), then clients against the API (the OpenAI SDK,
/// the typed client). ROSTRO_CREDITS_BUDGET entries are bought; a check whose entry is not bought is left out of the run
/// and listed, and a rule no bought entry checks is a named gap in the coverage table. A check spends its entry by
/// reserving it (<see cref="Reserve"/>); the safety handler sends a credit-spending request only under a reservation.
/// </remarks>
public sealed class CreditPlan
{
    public const string Generation = "imagine";
    public const string SdkStream = "openai-sdk-stream";
    public const string SdkChat = "openai-sdk-chat";
    public const string TypedStream = "typed-client-stream";

    private readonly ConcurrentDictionary<string, int> _allowances = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _reserved = new();
    private int _sent;

    /// <summary>A plan: <paramref name="budget"/> entries on a live target, or none needed (a mock).</summary>
    public CreditPlan(int budget, bool unlimited)
    {
        Budget = budget;
        Unlimited = unlimited;
    }

    /// <summary>Everything credits could buy, in the order they are bought, with what each checks.</summary>
    public static IReadOnlyList<(string Key, string What)> Wanted { get; } =
    [
        (Generation, "POST /imagine: a generation is in the history until deleted"),
        .. CompletionsPlan.Requests.Select(r => (r.Key, r.What)),
        (SdkStream, "the official OpenAI .NET SDK streams a chat completion"),
        (SdkChat, "the official OpenAI .NET SDK completes a chat"),
        (TypedStream, "the generated C# client streams a chat completion"),
    ];

    public int Budget { get; }

    public bool Unlimited { get; }

    /// <summary>How many credit-spending requests the run sent under a reservation.</summary>
    public int Spent => Volatile.Read(ref _sent);

    /// <summary>Whether a budget of <paramref name="budget"/> buys the entry <paramref name="key"/>.</summary>
    public static bool Buys(int budget, string key)
    {
        var index = Wanted.Select(w => w.Key).ToList().IndexOf(key);
        return index < 0 ? throw new KeyNotFoundException($"The credit plan has no entry '{key}'.") : index < budget;
    }

    /// <summary>What an entry buys, in words.</summary>
    public static string Describe(string key) => Wanted.FirstOrDefault(w => w.Key == key).What ?? key;

    /// <summary>Takes the entry for the running check: one credit-spending request. Disposing it gives back what was not spent.</summary>
    public IDisposable Reserve(string key)
    {
        if (Unlimited)
        {
            return Nothing.Instance;
        }

        if (!Buys(Budget, key))
        {
            throw new UnsafeRequestException($"the credit plan entry '{key}' is not bought by ROSTRO_CREDITS_BUDGET={Budget}; the check should have been left out of the run.");
        }

        lock (_reserved)
        {
            // The budget is a ceiling on the run, whatever the checks ask.
            if (_reserved.Count >= Budget)
            {
                throw new UnsafeRequestException($"the credit budget (ROSTRO_CREDITS_BUDGET={Budget}) is taken by earlier reservations ({string.Join(", ", _reserved)}); '{key}' was not reserved.");
            }

            _reserved.Enqueue(key);
        }

        var test = TestContext.Current.Test?.UniqueID ?? "(outside a test)";
        _allowances.AddOrUpdate(test, 1, (_, n) => n + 1);
        return new Allowance(this, test);
    }

    /// <summary>Whether the running check may send one credit-spending request now (and counts it).</summary>
    public bool Spend(string? testId)
    {
        if (Unlimited)
        {
            return true;
        }

        var test = testId ?? "(outside a test)";
        while (_allowances.TryGetValue(test, out var left))
        {
            if (left <= 0)
            {
                return false;
            }

            if (_allowances.TryUpdate(test, left - 1, left))
            {
                Interlocked.Increment(ref _sent);
                return true;
            }
        }

        return false;
    }

    /// <summary>What the run will spend credits on, for its start.</summary>
    public IEnumerable<string> Describe()
    {
        if (Unlimited)
        {
            yield return "unlimited (a mock)";
            yield break;
        }

        yield return $"{Math.Min(Budget, Wanted.Count)} of {Wanted.Count} wanted credit-spending requests (ROSTRO_CREDITS_BUDGET={Budget}), in this order:";
        for (var i = 0; i < Wanted.Count; i++)
        {
            yield return $"  {(i < Budget ? "bought    " : "not bought")}  {Wanted[i].What}";
        }
    }

    /// <summary>What the run spent, for its end.</summary>
    public IEnumerable<string> Report()
    {
        if (!Unlimited)
        {
            var unused = Wanted.Take(Budget).Select(w => w.Key).Except(_reserved, StringComparer.Ordinal).ToList();
            yield return $"{Spent} credit-spending requests sent of a budget of {Budget}{(unused.Count == 0 ? string.Empty : $"; bought but not used (filtered out, or their check stopped first): {string.Join(", ", unused)}")}";
        }
    }

    private sealed class Allowance(CreditPlan plan, string test) : IDisposable
    {
        public void Dispose() => plan._allowances.AddOrUpdate(test, 0, (_, n) => Math.Max(0, n - 1));
    }

    private sealed class Nothing : IDisposable
    {
        public static readonly Nothing Instance = new();

        public void Dispose()
        {
        }
    }
}

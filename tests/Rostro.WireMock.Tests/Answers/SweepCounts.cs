using Rostro.Spec;

namespace Rostro.WireMock.Tests.Answers;

/// <summary>How many requests each sweep must check, counted from the spec (so a sweep that silently skips cases fails).</summary>
public sealed record SweepCounts(int DocumentedStatuses, int Success, int MissingCredentials, int NamedExamples, int Streams, int UndocumentedPreferences, int Operations)
{
    public static async Task<SweepCounts> FromSpecAsync()
    {
        var spec = await RostroSpec.LoadEmbeddedAsync();
        var operations = spec.Operations;
        var success = operations.Select(o => o.Responses.First(r => r.Key.StartsWith('2'))).ToList();
        return new SweepCounts(
            // code=s alone, and code=s, example=e for each example.
            DocumentedStatuses: operations.Sum(o => o.Responses.Values.Sum(r => r["application/json"].Examples.Count + 1)),
            Success: operations.Sum(o => o.IsPublic ? 4 : 3),
            MissingCredentials: operations.Count(o => !o.IsPublic) * 2,
            NamedExamples: success.Sum(r => r.Value["application/json"].Examples.Count),
            Streams: success.Count(r => r.Value.ContainsKey("text/event-stream")) * 2,
            UndocumentedPreferences: operations.Count * 3,
            Operations: operations.Count);
    }
}
